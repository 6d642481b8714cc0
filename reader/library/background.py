"""Pages stored in the background: a page just read is stored a moment after
it is shown (compressing and indexing a long page on the other core slowed
its first paint), and anyone who looks the page up meanwhile waits for it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from contextlib import suppress


class BackgroundStores:
    """The pages being stored, by `comparable` address."""

    def __init__(self) -> None:
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._hurry: dict[asyncio.Task[None], asyncio.Event] = {}
        """Set to store a page waiting out its delay at once."""

    def busy(self, key: str) -> bool:
        """Whether the page under `key` is being stored."""
        return key in self._tasks

    def start(
        self, keys: Iterable[str], store: Callable[[], None], delay: float
    ) -> asyncio.Task[None]:
        """Run `store` in a thread after `delay` seconds (sooner when someone
        asks for one of `keys`); the task is returned to await if wanted."""
        hurry = asyncio.Event()

        async def run() -> None:
            if delay > 0:
                with suppress(TimeoutError):
                    await asyncio.wait_for(hurry.wait(), delay)
            await asyncio.to_thread(store)

        task = asyncio.create_task(run())
        keys = set(keys)
        for key in keys:
            self._tasks[key] = task
        self._hurry[task] = hurry

        def forget(done: asyncio.Task[None]) -> None:
            self._hurry.pop(done, None)
            for key in keys:
                if self._tasks.get(key) is done:
                    del self._tasks[key]

        task.add_done_callback(forget)
        return task

    async def settled(self, key: str) -> None:
        """Wait until the page under `key` is stored (now: someone wants it)."""
        task = self._tasks.get(key)
        if task is not None:
            self._hurry_up(task)
            await asyncio.wait({task})

    async def finish(self) -> None:
        """Store every page still waiting, at once."""
        if self._tasks:
            tasks = set(self._tasks.values())
            for task in tasks:
                self._hurry_up(task)
            await asyncio.wait(tasks)

    def _hurry_up(self, task: asyncio.Task[None]) -> None:
        hurry = self._hurry.get(task)
        if hurry is not None:
            hurry.set()
