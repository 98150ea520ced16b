/**
 * The stateful CodeDeploy the deploy tests drive step by step lives with the sandbox's simulated account, which
 * also moves it on by itself; tests keep importing it from here.
 */
export {
  CodeDeployWorld,
  type CodeDeployWorldOptions,
  type SimulatedDeployment,
  type Step,
} from '../../sandbox/aws/codedeploy';
