/**
 * The policy cannot be written in the requested format (a report-only policy in a meta
 * element, a character a server config cannot quote). The message is one line for the CLI,
 * which reports it as a usage error.
 */
export class RenderError extends Error {
  override readonly name = 'RenderError';
}
