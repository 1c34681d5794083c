/** The host's light or dark theme, following changes (Office's theme, or the browser's). */
import { useEffect, useState } from "react";
import type { Host } from "../host";

export function useHostTheme(host: Host): "light" | "dark" {
  const [theme, setTheme] = useState(() => host.theme());
  useEffect(() => host.onThemeChange(setTheme), [host]);
  return theme;
}
