/**
 * The committed icons are exactly what scripts/make-icons.ts draws, so a change to the drawing
 * without re-running it (or a hand-edited PNG) fails here. Pixels are compared, not file bytes:
 * the compressed bytes may differ between zlib builds of different Node versions.
 */
import * as fs from "fs";
import { PNG } from "pngjs";
import { ICON_SIZES, iconPath, renderIcon } from "../../scripts/make-icons";

describe("assets/icon-*.png", () => {
  test.each(ICON_SIZES.map((size) => [size]))(
    "icon-%i.png is current (npx tsx scripts/make-icons.ts)",
    (size) => {
      const committed = PNG.sync.read(fs.readFileSync(iconPath(size)));
      const drawn = PNG.sync.read(renderIcon(size));
      expect([committed.width, committed.height]).toEqual([size, size]);
      expect(committed.data.equals(drawn.data)).toBe(true);
    },
  );
});
