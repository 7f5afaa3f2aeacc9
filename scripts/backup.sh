#!/usr/bin/env bash
# Back up the portal: a PostgreSQL dump (custom format) and an archive of the
# media (documents, images, workspace uploads), with their checksums.
#
#   DATABASE_URL=postgres://user@host:5432/portal MEDIA_ROOT=/srv/portal/media \
#       scripts/backup.sh /srv/backups/portal-$(date +%F)
#
# The folder must not exist yet: a backup never overwrites another one.
set -euo pipefail

DEST=${1:?"usage: $0 <dossier de sauvegarde>"}
: "${DATABASE_URL:?DATABASE_URL (postgres://…) est requis}"
MEDIA_ROOT=${MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/var/media}

case "$DATABASE_URL" in
    postgres://*|postgresql://*) ;;
    *) echo "La sauvegarde suppose PostgreSQL (DATABASE_URL=$DATABASE_URL)." >&2; exit 2 ;;
esac
if [ -e "$DEST" ]; then
    echo "$DEST existe déjà : choisissez un nouveau dossier." >&2
    exit 2
fi
mkdir -p "$DEST"

# Custom format: compressed, restorable table by table, independent of owners.
pg_dump --format=custom --no-owner --no-privileges --file="$DEST/database.dump" \
    --dbname="$DATABASE_URL"

# The media folder may not exist on a fresh site: an empty archive then.
if [ -d "$MEDIA_ROOT" ]; then
    tar --create --gzip --file="$DEST/media.tar.gz" --directory="$MEDIA_ROOT" .
else
    tar --create --gzip --file="$DEST/media.tar.gz" --files-from=/dev/null
fi

(cd "$DEST" && sha256sum database.dump media.tar.gz > SHA256SUMS)
echo "Sauvegarde écrite dans $DEST"
