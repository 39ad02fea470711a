"""The two baselines the document list is measured against, as app factories for uvicorn's worker processes:
Litestar's own JSON hello-world, and one indexed SELECT through an engine and sessions made like the portal's
readers' (`make_read_session_factory`)."""

from __future__ import annotations

import os

from litestar import Litestar, get
from sqlalchemy import select

from infrastructure.persistence.engine import make_engine, make_read_session_factory
from infrastructure.persistence.tables.documents import customers


def hello_app() -> Litestar:
    @get("/", sync_to_thread=False)
    def hello() -> dict[str, str]:
        return {"hello": "world"}

    return Litestar([hello])


def select_app() -> Litestar:
    engine = make_engine(os.environ["PORTAL_DATABASE_URL"])
    sessions = make_read_session_factory(engine)

    @get("/select/{number:str}")
    async def one_select(number: str) -> dict[str, str]:
        query = select(customers.c.customer_no, customers.c.name).where(customers.c.customer_no == number)
        async with sessions() as session:
            row = (await session.execute(query)).one()
        return {"customer_no": row.customer_no, "name": row.name}

    return Litestar([one_select], on_shutdown=[engine.dispose])
