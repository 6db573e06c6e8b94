import { HostError } from './host-error';

/**
 * The shell scripts both executors use to read and write files on a host with a privilege boundary (SSH hosts,
 * and this machine when the panel is root). They run as the clusters' OS user for files in its folders, so a
 * link it planted leads nowhere it could not already go; as root only in folders no one else can write to.
 */

/** Exit codes the scripts use for what they refuse. */
const MISSING = 3;
const LINK = 40;
const NOT_FILE = 41;
const NO_TEMP = 42;
const UNSAFE_FOLDER = 44; // the script says why on stderr

// `secure DIR`: every folder from / to DIR (resolved) is root's and writable by no other user (or sticky).
const SECURE = `secure() {
  r=$(realpath -e -- "$1") || return 1
  q=$r
  while :; do
    s=$(stat -c '%u %A' -- "$q") || return 1
    u=\${s%% *}; a=\${s#* }
    if [ "$u" != 0 ]; then echo "pgcascade: $q belongs to uid $u, so root does not touch files in it; do it as the clusters' OS user" >&2; return 1; fi
    case "$a" in
      ?????w???? | ????????w?) case "$a" in *t | *T) ;; *) echo "pgcascade: $q can be written by other users, so root does not touch files in it" >&2; return 1 ;; esac ;;
    esac
    [ "$q" = / ] && break
    q=$(dirname -- "$q")
  done
}`;

// d = the folder of $p, by parameter expansion: a read costs one process less than with dirname (reads are many).
const DIR_OF_P = `case $p in */*) d=\${p%/*}; d=\${d:-/} ;; *) d=. ;; esac;`;

// $0 path, $1 "1" when run as root (check the folder first).
const READ = `${SECURE}
p=$0
[ -e "$p" ] || [ -L "$p" ] || exit ${MISSING}
if [ "$1" = 1 ]; then ${DIR_OF_P} secure "$d" || exit ${UNSAFE_FOLDER}; fi
if [ -L "$p" ]; then echo "pgcascade: $p is a symbolic link: refused" >&2; exit ${LINK}; fi
if [ ! -f "$p" ]; then echo "pgcascade: $p is not a regular file: refused" >&2; exit ${NOT_FILE}; fi
exec cat -- "$p"`;

// $0 path, $1 mode (octal), $2 "1" when run as root; the content comes on standard input.
const WRITE = `${SECURE}
p=$0; m=$1
${DIR_OF_P} b=\${p##*/}
if [ "$2" = 1 ]; then secure "$d" || exit ${UNSAFE_FOLDER}; d=$r; p="$r/$b"; fi
if [ -L "$p" ]; then echo "pgcascade: $p is a symbolic link: refused" >&2; exit ${LINK}; fi
if [ -e "$p" ] && [ ! -f "$p" ]; then echo "pgcascade: $p is not a regular file: refused" >&2; exit ${NOT_FILE}; fi
t=$(mktemp -- "$d/.$b.pgcascade-XXXXXXXX") || exit ${NO_TEMP}
trap 'rm -f -- "$t"' EXIT
cat > "$t" && chmod -- "$m" "$t" && mv -f -T -- "$t" "$p" && trap - EXIT`;

// Read as postgres when that user exists (a fresh host may not have it yet), else as root with the folder check.
// (~postgres stays as written when there is no such user: the shell's own lookup, no process for it.)
const READ_AS_POSTGRES_IF_ANY = `case ~postgres in '~postgres') exec sh -c "$0" "$1" 1 ;; *) exec runuser -u postgres -- sh -c "$0" "$1" 0 ;; esac`;

/** The argv that prints a file: as postgres, as root, or (`auto`) as postgres when the user exists (run it as root). */
export function readArgv(path: string, as: 'postgres' | 'root' | 'auto'): string[] {
  if (as === 'auto') return ['sh', '-c', READ_AS_POSTGRES_IF_ANY, READ, path];
  return ['sh', '-c', READ, path, as === 'root' ? '1' : '0'];
}

/** The argv that replaces a file with its standard input, mode `mode`: run it as postgres, or as root. */
export function writeArgv(path: string, mode: number, as: 'postgres' | 'root'): string[] {
  return ['sh', '-c', WRITE, path, mode.toString(8), as === 'root' ? '1' : '0'];
}

/** What a read returned: the text, null for a missing file, or a HostError that says what was refused and why. */
export function readOutcome(r: { exitCode: number; stdout: string; stderr: string }, path: string, where: string): string | null {
  if (r.exitCode === 0) return r.stdout;
  if (r.exitCode === MISSING) return null;
  throw fileError('read', r, path, where);
}

export function fileError(verb: 'read' | 'write', r: { exitCode: number; stderr: string }, path: string, where: string): HostError {
  const said = r.stderr.trim().split('\n').slice(-2).join(' ') || `exit code ${r.exitCode}`;
  const why =
    r.exitCode === LINK
      ? `it is a symbolic link, which pgcascade refuses to follow (someone with the clusters' OS user's rights may have planted it): look at it with ls -l ${path} and replace it with a regular file`
      : r.exitCode === NOT_FILE
        ? 'it is not a regular file'
        : said;
  return new HostError(`cannot ${verb} ${path} on ${where}: ${why}`, `${verb} ${path}`, r.exitCode, r.stderr);
}
