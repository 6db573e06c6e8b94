export type OutputStream = 'stdout' | 'stderr';

export interface RunOptions {
  /** Run as the clusters' OS user (postgres when the panel is root). */
  asPostgres?: boolean;
  env?: Record<string, string>;
  /** Written to the command's standard input (how secrets reach remote commands: never on a command line). */
  stdin?: string;
  timeoutMs?: number;
  onOutput?: (stream: OutputStream, text: string) => void;
  /** Resolve with the result instead of throwing on a non-zero exit. */
  allowFailure?: boolean;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface WriteOptions {
  mode: number;
  /** Write as the clusters' OS user: for every file in a folder that user owns (it could plant links there). */
  asPostgres: boolean;
}

export interface ReadOptions {
  /**
   * Read as the clusters' OS user (the default when that user exists), or as root (`false`): root reads only in
   * folders that no other user can write to.
   */
  asPostgres?: boolean;
}

/** A TCP endpoint on the panel's side that reaches a port on the host (the port itself for local hosts). */
export interface Tunnel {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** Every effect on a host goes through this. */
export interface Executor {
  run(argv: string[], options?: RunOptions): Promise<RunResult>;
  /** The file's text, or null when it does not exist. A symbolic link is refused (HostError). */
  readFile(path: string, options?: ReadOptions): Promise<string | null>;
  /** Replaces the file whole (a temporary file beside it, then a rename); a symbolic link is refused (HostError). */
  writeFile(path: string, content: string, options: WriteOptions): Promise<void>;
  openTunnel(port: number): Promise<Tunnel>;
  close(): Promise<void>;
}
