"""The periodic scheduler (`flask --app app cron`) enqueueing in the workers' serialization.

RQ's ``CronJob.enqueue`` builds its queue with the default (pickle) serializer, while the workers
read JSON (worker/queue.py): a job it enqueued could not even be loaded by a worker. Here the cron
jobs are enqueued exactly as RQ does, on a JSON queue.
"""
from __future__ import annotations

from rq import cron_job_registry
from rq.cron import CronJob, CronScheduler
from rq.defaults import DEFAULT_CRON_JOB_HISTORY_LIMIT, DEFAULT_CRON_JOB_HISTORY_TTL
from rq.queue import Queue
from rq.serializers import JSONSerializer


class JsonCronJob(CronJob):
    def enqueue(self, connection):
        queue = Queue(self.queue_name, connection=connection, serializer=JSONSerializer)
        with connection.pipeline() as pipeline:
            job = queue.enqueue(self.func, args=self.args, kwargs=self.kwargs, **self.job_options,
                                pipeline=pipeline)
            pipeline.zadd(self.job_history_key, {job.id: job.enqueued_at.timestamp()})
            pipeline.zremrangebyrank(self.job_history_key, 0, -(DEFAULT_CRON_JOB_HISTORY_LIMIT + 1))
            pipeline.expire(self.job_history_key, DEFAULT_CRON_JOB_HISTORY_TTL)
            cron_job_registry.add(self.name, pipeline, enqueue_timestamp=job.enqueued_at.timestamp())
            pipeline.execute()
        return job


class JsonCronScheduler(CronScheduler):
    def register(self, *args, **kwargs) -> CronJob:
        cron_job = super().register(*args, **kwargs)
        cron_job.__class__ = JsonCronJob
        return cron_job
