"""Alembic environment: runs migrations on the configured database."""

from __future__ import annotations

from alembic import context

from marketplace.db import make_engine
from marketplace.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    """Run migrations online against `sqlalchemy.url`."""
    url = config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url is not set"
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()
