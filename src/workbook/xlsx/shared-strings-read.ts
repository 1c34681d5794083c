/**
 * The shared-strings part read as a table of texts, for the sheet reader's `t="s"` cells. Rich text
 * gives the text of its runs joined; phonetic guides (`<rPh>`, East Asian readings) are left out,
 * as Excel does not show them in the cell.
 *
 * A text over Excel's cell limit is kept only to one character past it (so the sheet reader knows
 * to shorten it and warn) with its full length; a hostile part cannot make one string huge.
 */
import { MAX_CELL_TEXT } from "./limits";
import { XmlScanner, detachText, type XmlScanHandler } from "./xml-scan";

/** The texts of the shared-strings part, by index. */
export class SharedStringTable {
  private readonly texts: string[] = [];
  /** Full lengths of the texts kept only in part (over the cell limit), by index. */
  private readonly fullLengths = new Map<number, number>();

  add(text: string, fullLength: number): void {
    if (fullLength > text.length) this.fullLengths.set(this.texts.length, fullLength);
    this.texts.push(text);
  }

  /** The text at `index`, or undefined when the part has no such entry. */
  get(index: number): string | undefined {
    return this.texts[index];
  }

  /** The full length of the text at `index`, when more than was kept. */
  fullLength(index: number): number | undefined {
    return this.fullLengths.get(index);
  }

  get size(): number {
    return this.texts.length;
  }
}

/** How many recent texts are remembered to share one string between repeats. */
const RECENT_TEXTS = 4096;

/** Collects `<si>` entries while the shared-strings part is scanned. */
export class SharedStringsScan implements XmlScanHandler {
  readonly table = new SharedStringTable();
  readonly scanner = new XmlScanner(this);
  private inItem = false;
  private inText = false;
  private phonetic = 0;
  private pieces: string[] = [];
  private kept = 0;
  private length = 0;
  private readonly recent = new Map<string, string>();

  get wantText(): boolean {
    return this.inText && this.phonetic === 0;
  }

  open(name: string, _attrs: string, selfClosing: boolean): void {
    if (name === "si") {
      this.inItem = true;
      this.pieces = [];
      this.kept = 0;
      this.length = 0;
      if (selfClosing) return;
    } else if (name === "rPh") this.phonetic++;
    else if (name === "t" && this.inItem && !selfClosing) this.inText = true;
  }

  close(name: string): void {
    if (name === "t") this.inText = false;
    else if (name === "rPh") this.phonetic--;
    else if (name === "si") {
      this.table.add(
        this.keep(this.pieces.length === 1 ? this.pieces[0] : this.pieces.join("")),
        this.length,
      );
      this.inItem = false;
    }
  }

  /**
   * The string to keep for a text: one already kept if the same text was seen lately (Excel writes
   * each text once, but a zip bomb repeats a few texts millions of times, and one string each
   * would cost ~40 bytes apiece), else a detached copy (see detachText), so the entry does not
   * keep the part's text alive. The cache is emptied when full, so it never grows past its size.
   */
  private keep(text: string): string {
    const seen = this.recent.get(text);
    if (seen !== undefined) return seen;
    const copy = detachText(text);
    if (this.recent.size >= RECENT_TEXTS) this.recent.clear();
    this.recent.set(copy, copy);
    return copy;
  }

  text(text: string): void {
    this.length += text.length;
    const room = MAX_CELL_TEXT + 1 - this.kept;
    if (room <= 0) return;
    const piece = text.length > room ? text.slice(0, room) : text;
    this.pieces.push(piece);
    this.kept += piece.length;
  }
}
