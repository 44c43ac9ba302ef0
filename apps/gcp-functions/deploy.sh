#!/usr/bin/env bash
# Deploy celery-cloud on Google Cloud with gcloud (re-runnable):
#   - the Celery topic (kombu's exchange) and a dead-letter topic with a subscription keeping what it gets;
#   - Firestore with a TTL policy on expires_at;
#   - the function (2nd gen, Node 22, HTTP, private) and the service accounts it runs and is invoked as;
#   - the queue's subscription as kombu declares it (name kombu-<queue>, filter on the routing_key
#     attribute), pushing to the function, with a retry backoff and a dead-letter policy;
#   - the beat: a second function (entry point beat) and one Cloud Scheduler job per entry of
#     beat.json calling it, in UTC (docs/periodic-tasks.md).
# Usage: PROJECT=my-proj REGION=europe-west1 [QUEUE=celery] bash apps/gcp-functions/deploy.sh
set -euo pipefail
cd "$(dirname "$0")"

: "${PROJECT:?set PROJECT}" "${REGION:?set REGION}"
QUEUE="${QUEUE:-celery}"               # the Celery queue this function serves
TOPIC="${TOPIC:-celery}"               # kombu's topic: the exchange, Celery's default "celery"
FUNCTION="${FUNCTION:-celery-worker}"
BEAT_FUNCTION="${BEAT_FUNCTION:-$FUNCTION-beat}"
TIMEOUT="${TIMEOUT:-540}"              # seconds; a push waits at most the ack deadline (600 s)
MAX_ATTEMPTS="${MAX_ATTEMPTS:-100}"    # deliveries before the dead-letter topic (5-100); eta waits count
# kombu's name for the queue's subscription: prefix kombu-, "." -> "-", other punctuation -> "_".
SUBSCRIPTION="kombu-$(printf '%s' "$QUEUE" | sed 's/\./-/g; s/[^A-Za-z0-9_-]/_/g')"
DEAD_LETTER="$TOPIC-dead-letter"
WORKER_SA="celery-worker@$PROJECT.iam.gserviceaccount.com"
PUSH_SA="celery-push@$PROJECT.iam.gserviceaccount.com"
SCHEDULER_SA="celery-scheduler@$PROJECT.iam.gserviceaccount.com"

gcloud config set project "$PROJECT"
gcloud services enable pubsub.googleapis.com firestore.googleapis.com cloudfunctions.googleapis.com \
  run.googleapis.com cloudbuild.googleapis.com artifactregistry.googleapis.com cloudscheduler.googleapis.com
PUBSUB_AGENT="serviceAccount:service-$(gcloud projects describe "$PROJECT" --format='value(projectNumber)')@gcp-sa-pubsub.iam.gserviceaccount.com"

gcloud pubsub topics describe "$TOPIC" >/dev/null 2>&1 || gcloud pubsub topics create "$TOPIC"
gcloud pubsub topics describe "$DEAD_LETTER" >/dev/null 2>&1 || gcloud pubsub topics create "$DEAD_LETTER"
# A topic without subscriptions drops what it receives: keep dead letters for inspection.
gcloud pubsub subscriptions describe "$DEAD_LETTER" >/dev/null 2>&1 ||
  gcloud pubsub subscriptions create "$DEAD_LETTER" --topic="$DEAD_LETTER" --message-retention-duration=7d

# Firestore (native mode); the TTL policy deletes results, groups and chord counters after expires_at.
gcloud firestore databases describe >/dev/null 2>&1 || gcloud firestore databases create --location="$REGION"
gcloud firestore fields ttls update expires_at --collection-group=celery --enable-ttl --async

# The function runs as celery-worker (Firestore; publishing retries and canvas messages) and is
# invoked only by celery-push, whose OIDC token the push subscription sends; the beat function
# runs as celery-worker too and is invoked only by celery-scheduler, the Cloud Scheduler jobs' identity.
for sa in celery-worker celery-push celery-scheduler; do
  gcloud iam service-accounts describe "$sa@$PROJECT.iam.gserviceaccount.com" >/dev/null 2>&1 ||
    gcloud iam service-accounts create "$sa"
done
gcloud projects add-iam-policy-binding "$PROJECT" --member="serviceAccount:$WORKER_SA" \
  --role=roles/datastore.user >/dev/null
gcloud pubsub topics add-iam-policy-binding "$TOPIC" --member="serviceAccount:$WORKER_SA" \
  --role=roles/pubsub.publisher >/dev/null

# dist/ holds the bundle and the package.json the runtime installs (functions-framework only).
pnpm --filter @celery-cloud/app-gcp-functions build
ENV_VARS="CELERY_RESULT_BACKEND=firestore://$PROJECT/celery,CELERY_CLOUD_QUEUES=$QUEUE,CELERY_CLOUD_PUBSUB_TOPIC=$TOPIC,CELERY_CLOUD_FUNCTION_TIMEOUT_SECONDS=$TIMEOUT,GOOGLE_CLOUD_PROJECT=$PROJECT"
gcloud functions deploy "$FUNCTION" --gen2 --region="$REGION" --runtime=nodejs22 \
  --source=dist --entry-point=celery --trigger-http --no-allow-unauthenticated \
  --service-account="$WORKER_SA" --timeout="${TIMEOUT}s" --set-env-vars="$ENV_VARS"
gcloud functions add-invoker-policy-binding "$FUNCTION" --region="$REGION" \
  --member="serviceAccount:$PUSH_SA" >/dev/null
URL=$(gcloud functions describe "$FUNCTION" --region="$REGION" --format='value(serviceConfig.uri)')

# Pub/Sub signs push tokens for celery-push, and dead-letters as its own service agent.
gcloud iam service-accounts add-iam-policy-binding "$PUSH_SA" --member="$PUBSUB_AGENT" \
  --role=roles/iam.serviceAccountTokenCreator >/dev/null
gcloud pubsub topics add-iam-policy-binding "$DEAD_LETTER" --member="$PUBSUB_AGENT" \
  --role=roles/pubsub.publisher >/dev/null

# functions-framework turns the push body into the messagePublished CloudEvent and reads the
# topic from the endpoint's path. The retry backoff also paces messages whose eta is not reached.
DELIVERY=(
  --push-endpoint="$URL/projects/$PROJECT/topics/$TOPIC"
  --push-auth-service-account="$PUSH_SA" --push-auth-token-audience="$URL"
  --ack-deadline=600 --min-retry-delay=10s --max-retry-delay=600s
  --dead-letter-topic="$DEAD_LETTER" --max-delivery-attempts="$MAX_ATTEMPTS"
  --message-retention-duration=7d --expiration-period=never
)
if gcloud pubsub subscriptions describe "$SUBSCRIPTION" >/dev/null 2>&1; then
  # A filter is fixed at creation; everything else can change.
  gcloud pubsub subscriptions update "$SUBSCRIPTION" "${DELIVERY[@]}"
else
  gcloud pubsub subscriptions create "$SUBSCRIPTION" --topic="$TOPIC" \
    --message-filter="attributes.routing_key=\"$QUEUE\"" "${DELIVERY[@]}"
fi
gcloud pubsub subscriptions add-iam-policy-binding "$SUBSCRIPTION" --member="$PUBSUB_AGENT" \
  --role=roles/pubsub.subscriber >/dev/null

# The beat: Cloud Scheduler jobs, one per entry of beat.json, post {"entry": "<name>"} to the beat
# function with an OIDC token of celery-scheduler; it sends the entry's task to the topic. The
# schedules come from `celery-cloud beat --template gcp`, which fails on an entry Cloud Scheduler
# cannot express. Jobs of entries removed from beat.json are left for you to delete.
JOBS=$(pnpm -w --silent celery-cloud beat --template gcp --schedule "$PWD/beat.json")
gcloud functions deploy "$BEAT_FUNCTION" --gen2 --region="$REGION" --runtime=nodejs22 \
  --source=dist --entry-point=beat --trigger-http --no-allow-unauthenticated \
  --service-account="$WORKER_SA" --timeout=60s --set-env-vars="$ENV_VARS"
gcloud functions add-invoker-policy-binding "$BEAT_FUNCTION" --region="$REGION" \
  --member="serviceAccount:$SCHEDULER_SA" >/dev/null
BEAT_URL=$(gcloud functions describe "$BEAT_FUNCTION" --region="$REGION" --format='value(serviceConfig.uri)')
while IFS=$'\t' read -r job cron body; do
  [ -n "$job" ] || continue
  JOB=(
    --location="$REGION" --schedule="$cron" --time-zone=Etc/UTC --uri="$BEAT_URL" --http-method=POST
    --message-body="$body" --oidc-service-account-email="$SCHEDULER_SA" --oidc-token-audience="$BEAT_URL"
  )
  if gcloud scheduler jobs describe "$job" --location="$REGION" >/dev/null 2>&1; then
    gcloud scheduler jobs update http "$job" "${JOB[@]}" --update-headers=Content-Type=application/json
  else
    gcloud scheduler jobs create http "$job" "${JOB[@]}" --headers=Content-Type=application/json
  fi
done <<< "$JOBS"

echo "Deployed. Python client: broker gcpubsub://projects/$PROJECT, queue $QUEUE; results: firestore://$PROJECT/celery (docs/gcp.md)."
