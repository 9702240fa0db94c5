"""moto's server plus the two Glue actions moto 5.1.22 does not implement, UpdateJob and UpdateTrigger.

scripts/deploy-glue updates an existing job and trigger; moto answers both calls with HTTP 500 ("The update_job
action has not been implemented"). These follow the Glue API: UpdateJob replaces the job's whole definition with
JobUpdate (fields left out return to their defaults), UpdateTrigger replaces the fields TriggerUpdate sets.
Run with the Python of moto's venv; the arguments are moto_server's.
"""
import sys
from datetime import datetime, timezone

from moto.core.responses import ActionResult
from moto.glue.responses import GlueResponse
from moto.glue.utils import Action, Predicate
from moto.server import main

JOB_FIELDS = {
    "Description": "description", "LogUri": "log_uri", "Role": "role", "Command": "command",
    "NonOverridableArguments": "non_overridable_arguments", "Connections": "connections",
    "MaxRetries": "max_retries", "AllocatedCapacity": "allocated_capacity", "Timeout": "timeout",
    "MaxCapacity": "max_capacity", "SecurityConfiguration": "security_configuration",
    "NotificationProperty": "notification_property", "GlueVersion": "glue_version",
    "NumberOfWorkers": "number_of_workers", "WorkerType": "worker_type",
    "CodeGenConfigurationNodes": "code_gen_configuration_nodes", "SourceControlDetails": "source_control_details",
}


def update_job(self):
    name = self._get_param("JobName")
    update = self._get_param("JobUpdate") or {}
    job = self.glue_backend.get_job(name)  # EntityNotFoundException when missing, as Glue answers
    for field, attribute in JOB_FIELDS.items():
        setattr(job, attribute, update.get(field))
    job.execution_property = update.get("ExecutionProperty") or {}
    job.default_arguments = update.get("DefaultArguments") or {}
    job.execution_class = update.get("ExecutionClass") or "STANDARD"
    job.last_modified_on = datetime.now(timezone.utc).replace(tzinfo=None)
    return ActionResult({"JobName": name})


def update_trigger(self):
    name = self._get_param("Name")
    update = self._get_param("TriggerUpdate") or {}
    trigger = self.glue_backend.get_trigger(name)
    if "Schedule" in update:
        trigger.schedule = update["Schedule"]
    if "Actions" in update:
        trigger.actions = [Action(a) for a in update["Actions"]]
    if "Description" in update:
        trigger.description = update["Description"]
    if "Predicate" in update:
        trigger.predicate = Predicate(update["Predicate"])
    if "EventBatchingCondition" in update:
        trigger.event_batching_condition = update["EventBatchingCondition"]
    return ActionResult({"Trigger": trigger.as_dict()})


GlueResponse.update_job = update_job
GlueResponse.update_trigger = update_trigger

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
