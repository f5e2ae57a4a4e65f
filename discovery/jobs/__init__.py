"""Background jobs people can watch: queued after commit, visible while running, safe to kill.

The API later areas use::

    job = jobs.enqueue("cluster_themes", ClusterPayload(...), discovery=d, user=u)
    jobs.active_job(discovery, "cluster_themes")      # refuse a second run
    jobs.get_for_discovery_or_404(discovery, job_id)
    jobs.cancel(job, user) / jobs.retry(job, user) / jobs.wait(job_id, timeout)

Tasks live in ``<area>/tasks.py`` and are registered by the area's ``register_tasks(app)``
(``jobs.register(app, Task(...))``). Jobs run in a thread of the web process by default, or on
RQ workers when REDIS_URL is set (`flask --app discovery worker`); the RQ job id is the Job id.
"""

from discovery.jobs.backends import backend_name, check_backend
from discovery.jobs.lifecycle import init_app, start_sweeper, startup_sweep
from discovery.jobs.registry import (
    EmptyPayload,
    JobResult,
    PayloadError,
    Task,
    UnknownTaskError,
    get_task,
    register,
    unregister,
)
from discovery.jobs.runner import JobCancelled, JobContext, JobError, run_job
from discovery.jobs.services import (
    active_job,
    can_cancel,
    can_retry,
    cancel,
    enqueue,
    get_for_discovery_or_404,
    recent_for_discovery,
    retry,
    wait,
)
from discovery.jobs.store import sweep

__all__ = [
    "EmptyPayload",
    "JobCancelled",
    "JobContext",
    "JobError",
    "JobResult",
    "PayloadError",
    "Task",
    "UnknownTaskError",
    "active_job",
    "backend_name",
    "can_cancel",
    "can_retry",
    "cancel",
    "check_backend",
    "enqueue",
    "get_for_discovery_or_404",
    "get_task",
    "init_app",
    "recent_for_discovery",
    "register",
    "retry",
    "run_job",
    "start_sweeper",
    "startup_sweep",
    "sweep",
    "unregister",
    "wait",
]
