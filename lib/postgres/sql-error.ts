/** A statement that failed on a node: where, which (masked) statement, and PostgreSQL's SQLSTATE and message. */
export class SqlError extends Error {
  constructor(
    message: string,
    readonly node: string,
    readonly database: string,
    readonly sqlstate: string | null,
    readonly statement: string,
  ) {
    super(message);
    this.name = 'SqlError';
  }
}
