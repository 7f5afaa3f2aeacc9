#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and an
# empty (or absent) media folder.
#
#   DATABASE_URL=postgres://user@host:5432/portal_restored MEDIA_ROOT=/srv/portal/media \
#       scripts/restore.sh /srv/backups/portal-2026-11-22
#
# Create the database first (createdb portal_restored). Nothing is overwritten:
# a database that already holds tables, or a media folder that holds files,
# stops the restore.
set -euo pipefail

SRC=${1:?"usage: $0 <dossier de sauvegarde>"}
: "${DATABASE_URL:?DATABASE_URL (postgres://…) de la base vide est requis}"
MEDIA_ROOT=${MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/var/media}

(cd "$SRC" && sha256sum --check --quiet SHA256SUMS) || {
    echo "Les sommes de contrôle de $SRC ne correspondent pas : sauvegarde altérée." >&2
    exit 2
}
tables=$(psql --no-psqlrc --tuples-only --no-align --dbname="$DATABASE_URL" \
    --command="select count(*) from pg_tables where schemaname = 'public'")
if [ "$tables" != "0" ]; then
    echo "La base cible contient déjà $tables tables : restaurez dans une base vide." >&2
    exit 2
fi
if [ -d "$MEDIA_ROOT" ] && [ -n "$(ls -A "$MEDIA_ROOT")" ]; then
    echo "$MEDIA_ROOT n'est pas vide : restaurez les médias dans un dossier vide." >&2
    exit 2
fi

pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
    --dbname="$DATABASE_URL" "$SRC/database.dump"
mkdir -p "$MEDIA_ROOT"
tar --extract --gzip --file="$SRC/media.tar.gz" --directory="$MEDIA_ROOT"
echo "Restauration terminée dans la base et dans $MEDIA_ROOT"
