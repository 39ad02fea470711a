"""Use cases made of several messages (a command and the read after it, or two commands in one request).

Each module holds one use case: a message struct and a handler that sends its steps through the bus, so each step
keeps its own unit of work, log lines and conflict retries. Commands and queries never import this package (ADR-0035).
"""
