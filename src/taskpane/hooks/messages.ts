/** The message to show for a failure: an Error's message, never a stack. */
export function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return typeof error === "string" ? error : "Something went wrong; try again.";
}
