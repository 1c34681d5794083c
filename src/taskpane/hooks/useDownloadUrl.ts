/** An object URL for a download while it is shown; revoked when it changes or the view goes. */
import { useEffect, useState } from "react";
import type { Download } from "../host";

export function useDownloadUrl(download: Download | undefined): string | undefined {
  const [url, setUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (!download) {
      setUrl(undefined);
      return;
    }
    const made = URL.createObjectURL(new Blob([download.bytes as BlobPart], { type: download.mimeType }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [download]);
  return url;
}
