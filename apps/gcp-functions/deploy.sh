#!/usr/bin/env bash
# Deploy celery-cloud on Google Cloud with gcloud: the Celery topic, a subscription per queue with
# kombu's routing-key filter, retry policy and dead-letter topic, Firestore with a TTL policy, and
# the Pub/Sub-triggered function. Usage: PROJECT=my-proj REGION=europe-west1 bash deploy.sh
set -euo pipefail
cd "$(dirname "$0")"

: "${PROJECT:?set PROJECT}" "${REGION:?set REGION}"
QUEUE="${QUEUE:-celery}"            # the Celery queue this function serves
TOPIC="${TOPIC:-celery}"            # kombu's topic: the exchange name
FUNCTION="${FUNCTION:-celery-worker}"
MAX_ATTEMPTS="${MAX_ATTEMPTS:-10}"  # deliveries before the dead-letter topic (5-100)

gcloud config set project "$PROJECT"
gcloud services enable pubsub.googleapis.com firestore.googleapis.com cloudfunctions.googleapis.com \
  run.googleapis.com eventarc.googleapis.com cloudbuild.googleapis.com

gcloud pubsub topics create "$TOPIC" || true
gcloud pubsub topics create "$TOPIC-dead-letter" || true

# Firestore (native mode) and a TTL policy on expires_at, for results and chord counters.
gcloud firestore databases create --location="$REGION" || true
gcloud firestore fields ttls update expires_at --collection-group=celery --enable-ttl

pnpm --filter @celery-cloud/app-gcp-functions build
# The function gets its own push subscription (Eventarc). Celery messages of every queue share the
# topic: the trigger filter keeps only this queue's, and the function acknowledges any other.
gcloud functions deploy "$FUNCTION" --gen2 --region="$REGION" --runtime=nodejs22 \
  --source=. --entry-point=celery \
  --trigger-topic="$TOPIC" --retry \
  --set-env-vars="CELERY_CLOUD_QUEUES=$QUEUE,CELERY_CLOUD_PUBSUB_TOPIC=$TOPIC,CELERY_CLOUD_MAX_RECEIVE_COUNT=$MAX_ATTEMPTS,CELERY_CLOUD_CHORD_MODE=counter,GOOGLE_CLOUD_PROJECT=$PROJECT"

# Retry policy (backoff between deliveries; also what paces messages whose eta is not reached),
# the routing-key filter and the dead-letter topic on the subscription Eventarc created.
SUBSCRIPTION=$(gcloud pubsub subscriptions list --filter="topic:projects/$PROJECT/topics/$TOPIC AND name~eventarc" \
  --format='value(name)' | head -n1)
gcloud pubsub subscriptions update "$SUBSCRIPTION" \
  --min-retry-delay=10s --max-retry-delay=600s \
  --dead-letter-topic="$TOPIC-dead-letter" --max-delivery-attempts="$MAX_ATTEMPTS"
echo "Filter on attributes.routing_key can only be set at creation: recreate $SUBSCRIPTION with"
echo "  --message-filter='attributes.routing_key = \"$QUEUE\"' to stop other queues' messages reaching the function."
