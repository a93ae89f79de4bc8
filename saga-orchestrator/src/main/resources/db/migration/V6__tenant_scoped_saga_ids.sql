-- Transaction ids are unique within a tenant only, but a saga, its audit row and its case were keyed by the
-- transaction id alone: a second tenant's transaction with an id the first had used was dead-lettered, and
-- its decision never made durable nor published. A saga's id now names its tenant (SagaIds: the tenant with
-- % and / escaped, a /, the transaction id); the audit rows and cases are keyed by tenant and id.
UPDATE saga_instance
SET saga_id = replace(replace(tenant, '%', '%25'), '/', '%2F') || '/' || saga_id;

-- A saga still waiting for a reply re-sends its command under the command id in its step log, and the
-- participant answers a command id it has seen with the reply it stored, which names the saga by its old id.
-- So the unsettled sagas' command ids take the new saga id as well: the re-sent command is new to the
-- participant, which applies it again (recording, voiding or labelling twice changes nothing) and replies
-- to the new id. Replies to the old command ids still in flight are dead-lettered as replies for an unknown
-- saga; the re-send after the reply timeout takes their place. Jackson writes the step log without spaces.
UPDATE saga_instance
SET steps = replace(steps::text, '"commandId":"',
        '"commandId":"' || replace(replace(left(saga_id, strpos(saga_id, '/')), '\', '\\'), '"', '\"'))::json
WHERE state IN ('RUNNING', 'PARKED', 'COMPENSATING');

-- Rebuilding these keys reads each table under a lock that holds saga writes back: on large tables, run
-- this migration in a maintenance window.
ALTER TABLE decision_audit DROP CONSTRAINT decision_audit_pkey, ADD PRIMARY KEY (tenant, transaction_id);
ALTER TABLE analyst_case DROP CONSTRAINT analyst_case_pkey, ADD PRIMARY KEY (tenant, case_id);
