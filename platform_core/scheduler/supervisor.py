"""Keeping exactly one running scheduler in whichever process holds the leader lock.

``flask scheduler run`` drives a :class:`Supervisor` from its main thread (where signals arrive); the
embedded mode drives one from a daemon thread of the web process. Each round it asks the lock; on
gaining leadership it builds and starts a fresh scheduler, on losing it (connection gone, lease taken)
it stops that scheduler and goes back to asking. Nothing here ever gives up: a database that is away
only means more rounds.
"""
import atexit
import logging
import threading

from platform_core.scheduler import leader, service

log = logging.getLogger(__name__)


class Supervisor:
    def __init__(self, app, lock=None, interval: float | None = None, factory=None):
        self.app = app
        with app.app_context():
            self.lock = lock or leader.for_app(app)
        retry = float(app.config.get("SCHEDULER_LEADER_RETRY_SECONDS", 5))
        if isinstance(self.lock, leader.LeaseLock):
            retry = min(retry, self.lock.seconds / 3)
        self.interval = interval or retry
        self.factory = factory or (lambda: service.build(app))
        self.scheduler = None

    @property
    def leading(self) -> bool:
        return self.scheduler is not None

    def step(self):
        """One round: ask the lock, then start or stop the scheduler to match."""
        try:
            is_leader = self.lock.hold()
        except Exception:
            log.exception("scheduler: leader lock check failed")
            is_leader = False
        if is_leader and self.scheduler is None:
            scheduler = self.factory()
            scheduler.start()
            self.scheduler = scheduler
            log.info("scheduler: this process is the leader; %d job(s) scheduled", len(scheduler.get_jobs()))
        elif not is_leader and self.scheduler is not None:
            log.warning("scheduler: leadership lost; stopping the scheduler until it is regained")
            self._stop_scheduler(wait=False)

    def run(self, stop: threading.Event):
        """Rounds until ``stop`` is set, then a clean shutdown (running jobs finish, lock released)."""
        while not stop.is_set():
            try:
                self.step()
            except Exception:
                log.exception("scheduler: supervisor round failed; retrying")
            stop.wait(self.interval)
        self.shutdown()

    def shutdown(self):
        self._stop_scheduler(wait=True)
        self.lock.release()

    def _stop_scheduler(self, wait: bool):
        scheduler, self.scheduler = self.scheduler, None
        if scheduler is not None:
            scheduler.shutdown(wait=wait)


_embedded_guard = threading.Lock()
_embedded = None


def start_embedded(app) -> bool:
    """Start a supervisor thread in this (web) process, once per process. False if already started."""
    global _embedded
    with _embedded_guard:
        if _embedded is not None:
            return False
        stop = threading.Event()
        thread = threading.Thread(target=Supervisor(app).run, args=(stop,), name="platform-scheduler", daemon=True)
        _embedded = (stop, thread)
    thread.start()
    atexit.register(_stop_embedded)
    return True


def _stop_embedded():
    stop, thread = _embedded
    stop.set()
    thread.join(timeout=30)
