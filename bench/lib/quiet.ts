// Imported first by bench/run.ts: the functions run in the bench's process, and their logger reads its level when
// it is created (lib/log.ts). POWERTOOLS_LOG_LEVEL=DEBUG npm run bench shows their lines.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
