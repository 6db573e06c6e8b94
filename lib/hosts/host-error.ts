/** A command on a host that failed: carries the (masked) command, its exit code and stderr. */
export class HostError extends Error {
  constructor(
    message: string,
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}
