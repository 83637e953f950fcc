-- Dialer push (issue 10, docs/dialer-push.md): signed POSTs of the call-list changes feed to an
-- endpoint the admin registers, delivered by the job queue. The endpoint row is a cursor over
-- call_list_event.id (advanced only on a 2xx answer) with its backoff; attempts are the log.
CREATE TABLE "dialer_push_endpoint" (
    "id" SERIAL NOT NULL,
    "url" TEXT NOT NULL,
    "secret_sealed" TEXT NOT NULL,
    "previous_secret_sealed" TEXT,
    "previous_secret_expires_at" TIMESTAMPTZ(3),
    "secret_rotated_at" TIMESTAMPTZ(3),
    "last_delivered_event_id" BIGINT NOT NULL,
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_success_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "leased_until" TIMESTAMPTZ(3),
    "disabled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dialer_push_endpoint_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "dialer_push_endpoint_url_http" CHECK ("url" ~ '^https?://'),
    CONSTRAINT "dialer_push_endpoint_cursor_nonnegative" CHECK ("last_delivered_event_id" >= 0),
    CONSTRAINT "dialer_push_endpoint_failures_nonnegative" CHECK ("consecutive_failures" >= 0),
    CONSTRAINT "dialer_push_endpoint_previous_secret_expires" CHECK (("previous_secret_sealed" IS NULL) = ("previous_secret_expires_at" IS NULL))
);

CREATE TABLE "dialer_push_attempt" (
    "id" BIGSERIAL NOT NULL,
    "endpoint_id" INTEGER NOT NULL,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL,
    "first_event_id" BIGINT NOT NULL,
    "last_event_id" BIGINT NOT NULL,
    "event_count" INTEGER NOT NULL,
    "http_status" INTEGER,
    "ok" BOOLEAN NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "error" TEXT,

    CONSTRAINT "dialer_push_attempt_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "dialer_push_attempt_events_ordered" CHECK ("first_event_id" <= "last_event_id" AND "event_count" > 0)
);

CREATE INDEX "dialer_push_attempt_endpoint_id_attempted_at_idx" ON "dialer_push_attempt"("endpoint_id", "attempted_at");

ALTER TABLE "dialer_push_attempt" ADD CONSTRAINT "dialer_push_attempt_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "dialer_push_endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;
