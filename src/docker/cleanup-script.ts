/**
 * The clean-up step's bash script: it lists every version of one GHCR
 * package through GitHub's REST API, picks the per-commit versions the
 * policy drops, and deletes them with the untagged child manifests only
 * they referenced. Everything it reads comes from `env:`.
 *
 * - Endpoints: `GET /orgs/{org}/packages/container/{name}/versions` (or
 *   `/users/{username}/...`), `per_page` at most 100, and `DELETE
 *   .../versions/{package_version_id}`; a version's `name` is its digest,
 *   `metadata.container.tags` its tags.
 *   https://docs.github.com/en/rest/packages/packages#list-package-versions-for-a-package-owned-by-an-organization
 * - A package name with `/` (`ghcr.io/acme/shop/api` is package `shop/api`)
 *   is written `shop%2Fapi` in the path; `gh api` sends it as given since
 *   2.69.0 (the automatic escaping of 2.68 was reverted: cli/cli#10592, #10630).
 * - `gh` 2.78, `jq` 1.7 and Buildx 0.28 are on GitHub's Ubuntu runners
 *   (actions/runner-images, images/ubuntu/Ubuntu2404-Readme.md, image 20250907).
 * - Multi-platform images and attestations are an index whose child
 *   manifests are untagged versions of their own: a child is deleted only
 *   with an index being deleted, and never while a kept version's index
 *   lists it (`docker buildx imagetools inspect --raw` reads the index).
 *
 * Every read happens before the first delete: an error while reading
 * (the API, the registry) fails the step with nothing deleted.
 */

/** The tags of an attestation or signature stored next to its subject (the referrers tag schema, cosign): `sha256-<hex>[.sig|.att|.sbom]`. */
export const ATTACHED_TAG = '^sha256-[0-9a-f]{64}([.](sig|att|sbom))?$';

/** The lines of the script (joined with `\n` into the step's `run:`). */
export const CLEANUP_SCRIPT = [
  'set -euo pipefail',
  'image="${IMAGE,,}"',
  'path="${image#ghcr.io/}"',
  'owner="${path%%/*}"',
  'package="${path#*/}"',
  'work="$(mktemp -d)"',
  '# An organization and a user have their own endpoints.',
  'owner_type="$(gh api "/users/$owner" | jq -r \'.type\')"',
  'case "$owner_type" in',
  '  Organization) base="/orgs/$owner/packages/container/${package//\\//%2F}" ;;',
  '  User) base="/users/$owner/packages/container/${package//\\//%2F}" ;;',
  '  *) echo "::error title=Image clean-up::$owner is neither an organization nor a user (${owner_type})"; exit 1 ;;',
  'esac',
  '# Every version, 100 a page, until an empty page.',
  ': > "$work/versions"',
  'page=1',
  'while :; do',
  '  if ! gh api "$base/versions?per_page=100&page=$page" > "$work/page"; then',
  '    echo "::error title=Image clean-up::listing the versions of $image failed: the package must exist, and its settings must give this repository access (Manage Actions access)"',
  '    exit 1',
  '  fi',
  '  if [ "$(jq \'length\' "$work/page")" -eq 0 ]; then break; fi',
  '  jq -c \'.[] | {id, digest: .name, created: .created_at, tags: (.metadata.container.tags // [])}\' "$work/page" >> "$work/versions"',
  '  page=$((page + 1))',
  'done',
  'declare -A id_of=() tags_of=() drop=() keep=() referenced=()',
  'while IFS=$\'\\t\' read -r id digest tags; do',
  '  id_of[$digest]="$id"',
  '  tags_of[$digest]="$tags"',
  'done < <(jq -r \'[.id, .digest, (.tags | join(" "))] | @tsv\' "$work/versions")',
  '# The per-commit versions (every tag matches), newest first; the policy drops those past the newest KEEP_LATEST and older than OLDER_THAN_DAYS.',
  'jq -rs --arg re "$PER_COMMIT" --arg keep "$KEEP_LATEST" --arg days "$OLDER_THAN_DAYS" --argjson now "$(date -u +%s)" \'',
  '  map(select((.tags | length) > 0 and all(.tags[]; test($re))))',
  '  | sort_by(.created, .id) | reverse | to_entries',
  '  | map(select(($keep == "" or .key >= ($keep | tonumber))',
  '      and ($days == "" or (.value.created | sub("[.][0-9]+"; "") | fromdate) < $now - ($days | tonumber) * 86400)))',
  '  | .[].value.digest\' "$work/versions" > "$work/dropped"',
  'while read -r digest; do drop[$digest]=1; done < "$work/dropped"',
  '# An attestation or signature tagged after its subject goes with it, and stays with a kept one.',
  `attached_re='${ATTACHED_TAG}'`,
  'for digest in "${!tags_of[@]}"; do',
  '  tags="${tags_of[$digest]}"',
  '  [ -n "$tags" ] || continue',
  '  attached=1',
  '  for tag in $tags; do',
  '    if ! [[ "$tag" =~ $attached_re ]] || [ -z "${drop[sha256:${tag:7:64}]:-}" ]; then attached=0; fi',
  '  done',
  '  if [ "$attached" = 1 ]; then drop[$digest]=1; fi',
  'done',
  '# The manifests an index lists, and theirs when one is an index itself.',
  'children() {',
  '  local raw',
  '  raw="$(docker buildx imagetools inspect --raw "$image@$1")"',
  '  jq -r \'.manifests[]? | [.digest, (.mediaType // "")] | @tsv\' <<< "$raw" | while IFS=$\'\\t\' read -r child type; do',
  '    echo "$child"',
  '    case "$type" in *manifest.list*|*image.index*) children "$child" ;; esac',
  '  done',
  '}',
  'for digest in "${!tags_of[@]}"; do',
  '  if [ -n "${tags_of[$digest]}" ] && [ -z "${drop[$digest]:-}" ]; then',
  '    keep[$digest]=1',
  '    children "$digest" > "$work/children"',
  '    while read -r child; do referenced[$child]=1; done < "$work/children"',
  '  fi',
  'done',
  '# The order: dropped versions, oldest first, then the untagged children no kept index lists.',
  'order=()',
  'while read -r digest; do',
  '  if [ -n "${drop[$digest]:-}" ]; then order+=("$digest"); fi',
  'done < <(jq -rs \'sort_by(.created, .id) | .[].digest\' "$work/versions")',
  'for digest in "${order[@]}"; do',
  '  children "$digest" > "$work/children"',
  '  while read -r child; do',
  '    if [ -n "${id_of[$child]:-}" ] && [ -z "${tags_of[$child]}" ] && [ -z "${referenced[$child]:-}" ] && [ -z "${drop[$child]:-}" ]; then',
  '      drop[$child]=1',
  '      order+=("$child")',
  '    fi',
  '  done < "$work/children"',
  'done',
  'note=""',
  'if [ "$DRY_RUN" = true ]; then note=" (a dry run: nothing is deleted)"; fi',
  'summary="$image: ${#id_of[@]} versions, ${#keep[@]} tagged ones kept, ${#order[@]} to delete$note."',
  'echo "$summary"',
  'if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then echo "$summary" >> "$GITHUB_STEP_SUMMARY"; fi',
  'for digest in "${order[@]}"; do',
  '  if [ "$DRY_RUN" = true ]; then',
  '    echo "would delete version ${id_of[$digest]} ($digest${tags_of[$digest]:+, tags: ${tags_of[$digest]}})"',
  '  else',
  '    if ! gh api --method DELETE "$base/versions/${id_of[$digest]}" --silent; then',
  '      echo "::error title=Image clean-up::deleting version ${id_of[$digest]} of $image failed: this repository needs the Admin role in the package settings (Manage Actions access), and a public version downloaded more than 5,000 times cannot be deleted"',
  '      exit 1',
  '    fi',
  '    echo "deleted version ${id_of[$digest]} ($digest${tags_of[$digest]:+, tags: ${tags_of[$digest]}})"',
  '  fi',
  'done',
].join('\n');
