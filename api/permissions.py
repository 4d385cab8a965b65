"""The permission lists fields declare: read for queries, write for mutations (admin implies both)."""

from __future__ import annotations

from strawberry.permission import BasePermission

from api.auth import CanRead, CanWrite

__all__ = ["READ", "WRITE"]

READ: list[type[BasePermission]] = [CanRead]
WRITE: list[type[BasePermission]] = [CanWrite]
