// Test runs are quiet unless asked (POWERTOOLS_LOG_LEVEL=DEBUG npx jest …). The SDK's warning that it will
// need Node 22 from 2027 is known (the Lambda runtime is nodejs22.x; Node 20 is kept for local use).
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
