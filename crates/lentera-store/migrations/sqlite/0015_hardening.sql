-- An actor's own audit entries, wherever they landed (audit view of a regional actor).
CREATE INDEX audit_actor ON audit_log(actor_user_id, id);
