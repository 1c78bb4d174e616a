DROP INDEX `aspirations_agency_queue_idx`;--> statement-breakpoint
DROP INDEX `aspirations_status_due_idx`;--> statement-breakpoint
DROP INDEX `aspirations_public_idx`;--> statement-breakpoint
CREATE INDEX `aspirations_agency_open_idx` ON `aspirations` (`agency_id`,`due_at`,`code`) WHERE "aspirations"."status" IN ('routed', 'in_progress');--> statement-breakpoint
CREATE INDEX `aspirations_open_due_idx` ON `aspirations` (`due_at`,`code`) WHERE "aspirations"."status" IN ('routed', 'in_progress');--> statement-breakpoint
CREATE INDEX `aspirations_verification_idx` ON `aspirations` (`due_at`,`code`) WHERE "aspirations"."status" IN ('received', 'needs_info');--> statement-breakpoint
CREATE INDEX `aspirations_critical_idx` ON `aspirations` (`due_at`) WHERE "aspirations"."escalation_level" >= 3 AND "aspirations"."status" IN ('received', 'routed', 'in_progress');--> statement-breakpoint
CREATE INDEX `aspirations_unfinished_idx` ON `aspirations` (`updated_at`,`code`) WHERE "aspirations"."status" IN ('received', 'needs_info', 'routed', 'in_progress', 'answered');--> statement-breakpoint
CREATE INDEX `aspirations_public_answers_idx` ON `aspirations` (`answered_at`) WHERE "aspirations"."privacy" IN ('anonim', 'publik') AND "aspirations"."answered_at" IS NOT NULL;