"""Tool bodies run in the caller's tenant and on the caller's database connection.

LangGraph's ToolNode runs tool calls in a thread pool. A Django connection belongs to one thread,
so a tool in a worker thread would open a *new* connection: outside the tenant schema, outside
the caller's transaction, and never closed. `agent_reply` therefore publishes its connection in a
ContextVar (thread pools copy the context); a tool borrows it for its body, one tool at a time
(the calling thread is blocked waiting for the tools meanwhile).

The tenant comes from `runtime.context.schema_name`, set by our code — never from arguments.
`llm.registry.agent_tool` wraps every registered tool in `tenant_scope` automatically.
"""

import functools
import threading
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django_tenants.utils import schema_context

_caller_db: ContextVar = ContextVar("llm_caller_db", default=None)


@contextmanager
def caller_connection():
    """Publish this thread's DB connection to tool threads started inside the block."""
    token = _caller_db.set((connections[DEFAULT_DB_ALIAS], threading.RLock()))
    try:
        yield
    finally:
        _caller_db.reset(token)


@contextmanager
def borrowed_connection():
    entry = _caller_db.get()
    own = getattr(connections._connections, DEFAULT_DB_ALIAS, None)
    if entry is None or own is entry[0]:
        yield
        return
    wrapper, lock = entry
    with lock:
        wrapper.inc_thread_sharing()
        setattr(connections._connections, DEFAULT_DB_ALIAS, wrapper)
        try:
            yield
        finally:
            if own is None:
                delattr(connections._connections, DEFAULT_DB_ALIAS)
            else:
                setattr(connections._connections, DEFAULT_DB_ALIAS, own)
            wrapper.dec_thread_sharing()


@contextmanager
def tenant_scope(runtime):
    """Run a tool body in the schema our code put in the AgentContext, on the caller's connection.

    Whatever the model wrote into the arguments, queries go to this schema only.
    """
    context = getattr(runtime, "context", None)
    schema = getattr(context, "schema_name", None)
    if not schema:
        raise PermissionError("tool called without an agent context")
    with borrowed_connection():
        if connection.schema_name == schema:
            yield context
        else:
            with schema_context(schema):
                yield context


def run_in_tenant(func):
    """Wrap a tool function so its body runs in `tenant_scope(runtime)` when it has a runtime."""
    if getattr(func, "_llm_tenant_scoped", False):
        return func

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        runtime = kwargs.get("runtime")
        has_schema = getattr(getattr(runtime, "context", None), "schema_name", None)
        with tenant_scope(runtime) if has_schema else nullcontext():
            # Inside a caller's transaction a failing tool query must not abort it: a savepoint
            # confines the failure to this tool (the error becomes the tool's result).
            with transaction.atomic() if connection.in_atomic_block else nullcontext():
                return func(*args, **kwargs)

    wrapper._llm_tenant_scoped = True
    return wrapper
