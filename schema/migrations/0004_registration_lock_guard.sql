-- A registration that closes (rejected, expired, withdrawn) must first release its members' NIK
-- locks, or those people could never join another KIM. Refuse the status change otherwise, so a
-- forgotten release fails loudly instead of blocking people silently.
CREATE TRIGGER registrations_release_nik_locks BEFORE UPDATE OF status ON registrations
WHEN NEW.status IN ('rejected', 'expired', 'withdrawn')
  AND EXISTS (SELECT 1 FROM registration_members WHERE registration_id = NEW.id AND nik_lock IS NOT NULL)
BEGIN
  SELECT RAISE(ABORT, 'registration_members.nik_lock must be released before the registration closes');
END;
