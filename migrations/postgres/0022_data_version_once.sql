-- The data version moved once per writing statement, and a statement's row triggers run
-- statements of their own (registering a volunteer keeps its station's count), so importing
-- 60,000 volunteers updated the one version row 60,000 times in one transaction: each update
-- walks every earlier version of that row the transaction left behind, and the import took
-- 99 s (200,000: over half an hour). Moving it once per transaction is all kept pages need
-- (readers see a transaction's writes and its new version together, at commit), so the
-- function now remembers, in a setting local to the transaction, that it has moved it. A
-- rolled-back savepoint takes back both the update and the setting.
CREATE OR REPLACE FUNCTION data_version_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('shegong.data_moved', TRUE) IS DISTINCT FROM 'yes' THEN
        UPDATE data_version SET version = version + 1;
        PERFORM set_config('shegong.data_moved', 'yes', TRUE);
    END IF;
    RETURN NULL;
END;
$$;
