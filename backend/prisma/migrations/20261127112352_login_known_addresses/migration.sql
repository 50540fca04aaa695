-- Addresses that signed in to an account within the last 30 days (kept by the login throttle,
-- pruned by its cleanup): the per-account backoff spares them, so an attacker guessing from
-- elsewhere cannot lock the owner out. Keyed by email, like login_attempts, because the
-- throttle counts unknown emails too.

-- CreateTable
CREATE TABLE "login_known_addresses" (
    "email" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "last_success_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "login_known_addresses_pkey" PRIMARY KEY ("email","ip")
);

-- CreateIndex
CREATE INDEX "login_known_addresses_last_success_at_idx" ON "login_known_addresses"("last_success_at");
