CREATE TABLE `aspiration_deadlines` (
	`id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`stage` text NOT NULL,
	`round` integer NOT NULL,
	`agency_id` text,
	`started_at` text NOT NULL,
	`due_at` text NOT NULL,
	`calendar_complete` integer DEFAULT true NOT NULL,
	`met_at` text,
	`breached` integer DEFAULT false NOT NULL,
	`escalation_level` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`code`) REFERENCES `aspirations`(`code`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `aspiration_deadlines_code_idx` ON `aspiration_deadlines` (`code`,`stage`,`round`);--> statement-breakpoint
CREATE INDEX `aspiration_deadlines_due_idx` ON `aspiration_deadlines` (`due_at`);--> statement-breakpoint
CREATE INDEX `aspiration_deadlines_agency_idx` ON `aspiration_deadlines` (`agency_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `aspiration_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`at` text NOT NULL,
	`kind` text NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`agency_id` text,
	`public_note` text,
	`internal_note` text,
	`detail` text,
	FOREIGN KEY (`code`) REFERENCES `aspirations`(`code`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `aspiration_events_code_idx` ON `aspiration_events` (`code`,`at`);--> statement-breakpoint
CREATE TABLE `aspiration_words` (
	`word` text NOT NULL,
	`code` text NOT NULL,
	`weight` integer NOT NULL,
	FOREIGN KEY (`code`) REFERENCES `aspirations`(`code`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `aspiration_words_word_idx` ON `aspiration_words` (`word`,`code`);--> statement-breakpoint
CREATE INDEX `aspiration_words_code_idx` ON `aspiration_words` (`code`);--> statement-breakpoint
CREATE TABLE `aspirations` (
	`code` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`category_id` text NOT NULL,
	`village_code` text,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`privacy` text NOT NULL,
	`reporter_name` text,
	`reporter_email` text,
	`reporter_phone` text,
	`kim_registration_id` text,
	`photo_keys` text NOT NULL,
	`status` text NOT NULL,
	`agency_id` text,
	`transfer_requested_to` text,
	`deadline_class` text DEFAULT 'standard' NOT NULL,
	`extension` text,
	`due_at` text,
	`escalation_level` integer DEFAULT 0 NOT NULL,
	`reopen_count` integer DEFAULT 0 NOT NULL,
	`public_answer` text,
	`answered_at` text,
	`rating` integer,
	`duplicate_of` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`closed_at` text,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`village_code`) REFERENCES `areas`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`transfer_requested_to`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "aspirations_status_check" CHECK("aspirations"."status" IN ('received', 'needs_info', 'routed', 'in_progress', 'answered', 'closed', 'rejected', 'not_in_authority')),
	CONSTRAINT "aspirations_rating_check" CHECK("aspirations"."rating" IS NULL OR "aspirations"."rating" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE INDEX `aspirations_agency_queue_idx` ON `aspirations` (`agency_id`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `aspirations_status_due_idx` ON `aspirations` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `aspirations_public_idx` ON `aspirations` (`privacy`,`status`,`answered_at`);--> statement-breakpoint
CREATE INDEX `aspirations_created_idx` ON `aspirations` (`created_at`);