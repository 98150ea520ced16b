// Adds toHaveReceivedCommand* matchers for aws-sdk-client-mock.
import 'aws-sdk-client-mock-jest';
