#!/usr/bin/env bash
# Records new public API of a src/ project in its PublicAPI.Unshipped.txt, from the analyzer's RS0016
# diagnostics. Changing the public surface is meant to be deliberate: run this, then review the diff.
#   eng/update-public-api.sh src/FibreCafe.Client
set -euo pipefail
project=${1:?usage: eng/update-public-api.sh src/<Project>}
unshipped="$project/PublicAPI.Unshipped.txt"
[ -f "$unshipped" ] || printf '#nullable enable\n' > "$unshipped"
[ -f "$project/PublicAPI.Shipped.txt" ] || printf '#nullable enable\n' > "$project/PublicAPI.Shipped.txt"
log=$(mktemp)
dotnet build "$project" -c Release --no-incremental > "$log" 2>&1 || true
grep -o "error RS0016: Symbol '.*' is not part of the declared public API" "$log" \
  | sed -e "s/^error RS0016: Symbol '//" -e "s/' is not part of the declared public API$//" \
  | sort -u > "$log.new"
{ cat "$unshipped"; cat "$log.new"; } | grep -v '^#nullable' | sort -u > "$log.all"
{ printf '#nullable enable\n'; cat "$log.all"; } > "$unshipped"
echo "$(wc -l < "$log.new") symbol(s) added to $unshipped"
rm -f "$log" "$log.new" "$log.all"
