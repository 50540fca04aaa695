#!/bin/sh
# Runs once when the database is created (docker-entrypoint-initdb.d), after roles.sql: lets the
# two roles log in with the passwords of the compose environment. psql quotes the values
# (:'...'), so any character is safe in a password.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$DB_OWNER_PASSWORD" -v app_password="$DB_APP_PASSWORD" <<'SQL'
ALTER ROLE incidents_owner WITH LOGIN PASSWORD :'owner_password';
ALTER ROLE incidents_app WITH LOGIN PASSWORD :'app_password';
SQL
