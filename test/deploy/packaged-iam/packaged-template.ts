/**
 * The packaged CloudFormation template (`.serverless/cloudformation-template-update-stack.json`)
 * read as AWS would deploy it into one account: the intrinsic functions the template uses (`Ref`,
 * `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`, `Fn::Split`) resolved to concrete names and ARNs, so each
 * function's environment and its role's statements can be used as they are.
 */

/** The account and region the template is resolved in: the account the default params name. */
export const TEMPLATE_ACCOUNT = '000000000000';

export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string[];
  NotAction?: string[];
  Resource: string[];
}

/** One function of the template with what the Lambda service gives it. */
export interface PackagedFunction {
  /** The key in serverless.yml (`worker`); also its zip's name (`worker.zip`). */
  key: string;
  functionName: string;
  arn: string;
  /** `handlers/worker.handler` */
  handler: string;
  timeoutSeconds: number;
  memoryMb: number;
  environment: Record<string, string>;
  /** The logical id of its role (`WorkerRole`). */
  role: string;
  statements: Statement[];
  /** Asynchronous invocations (`AWS::Lambda::EventInvokeConfig`), when configured. */
  async?: { maximumRetryAttempts: number; onFailure?: string };
}

export interface PackagedTemplate {
  region: string;
  functions: PackagedFunction[];
  /** DynamoDB tables: name, key schema and attribute definitions, as declared. */
  tables: { name: string; keySchema: unknown; attributeDefinitions: unknown; globalSecondaryIndexes?: unknown }[];
}

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}

const RESOLVED_TYPES = new Set(['AWS::Lambda::Function', 'AWS::Lambda::EventInvokeConfig', 'AWS::IAM::Role', 'AWS::DynamoDB::Table', 'AWS::SQS::Queue']);

interface RawTemplate {
  Resources: Record<string, Resource>;
}

/**
 * Resolves the template in `region` and account {@link TEMPLATE_ACCOUNT}.
 *
 * @throws Error naming the intrinsic function or attribute it cannot resolve.
 */
export function readPackagedTemplate(raw: unknown, region: string): PackagedTemplate {
  const template = raw as RawTemplate;
  const resolver = createResolver(template.Resources, region);
  // Only what the check reads; the rest (API Gateway, EventBridge, S3) is left as it is.
  const resources = Object.fromEntries(
    Object.entries(template.Resources)
      .filter(([, resource]) => RESOLVED_TYPES.has(resource.Type))
      .map(([id, resource]) => [id, { ...resource, Properties: resolver(resource.Properties ?? {}) as Record<string, unknown> }]),
  );
  const functions = Object.entries(resources)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
    .map(([id, resource]) => describeFunction(id, resource, resources, region));
  const tables = Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::DynamoDB::Table')
    .map((resource) => ({
      name: String(resource.Properties.TableName),
      keySchema: resource.Properties.KeySchema,
      attributeDefinitions: resource.Properties.AttributeDefinitions,
      globalSecondaryIndexes: resource.Properties.GlobalSecondaryIndexes,
    }));
  return { region, functions, tables };
}

/** The statements of a role's inline policies, with `Action` and `Resource` always lists. */
export function statementsOfRole(resources: Record<string, Resource>, roleId: string): Statement[] {
  const role = resources[roleId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not a role of the template`);
  const policies = (role.Properties.Policies ?? []) as { PolicyDocument: { Statement: Record<string, unknown>[] } }[];
  return policies.flatMap((policy) =>
    policy.PolicyDocument.Statement.map((statement) => ({
      Effect: statement.Effect as Statement['Effect'],
      Action: listOf(statement.Action),
      ...(statement.NotAction === undefined ? {} : { NotAction: listOf(statement.NotAction) }),
      Resource: listOf(statement.Resource),
    })),
  );
}

function describeFunction(id: string, resource: Resource, resources: Record<string, Resource>, region: string): PackagedFunction {
  const properties = resource.Properties;
  const functionName = String(properties.FunctionName);
  // serverless names the resource <Key>LambdaFunction with the key's first letter upper-cased.
  const logicalKey = id.replace(/LambdaFunction$/, '');
  const key = logicalKey.charAt(0).toLowerCase() + logicalKey.slice(1);
  const role = roleIdOf(properties.Role, id);
  const invokeConfig = Object.values(resources).find(
    (other) => other.Type === 'AWS::Lambda::EventInvokeConfig' && other.Properties.FunctionName === functionName,
  );
  const destination = (invokeConfig?.Properties.DestinationConfig as { OnFailure?: { Destination?: string } } | undefined)?.OnFailure?.Destination;
  return {
    key,
    functionName,
    arn: lambdaArn(region, functionName),
    handler: String(properties.Handler),
    timeoutSeconds: Number(properties.Timeout ?? 6),
    memoryMb: Number(properties.MemorySize ?? 1024),
    environment: ((properties.Environment as { Variables?: Record<string, string> } | undefined)?.Variables ?? {}) as Record<string, string>,
    role,
    statements: statementsOfRole(resources, role),
    ...(invokeConfig === undefined
      ? {}
      : {
          async: {
            maximumRetryAttempts: Number(invokeConfig.Properties.MaximumRetryAttempts ?? 2),
            ...(destination === undefined ? {} : { onFailure: destination }),
          },
        }),
  };
}

/** The role's logical id: `Role` resolves to the role's ARN, `arn:aws:iam::<account>:role/<logical id>` here. */
function roleIdOf(role: unknown, functionId: string): string {
  const match = typeof role === 'string' ? /:role\/(.+)$/.exec(role) : null;
  if (!match?.[1]) throw new Error(`${functionId} has no role of this template (Role: ${JSON.stringify(role)})`);
  return match[1];
}

function lambdaArn(region: string, functionName: string): string {
  return `arn:aws:lambda:${region}:${TEMPLATE_ACCOUNT}:function:${functionName}`;
}

function listOf(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/**
 * Resolves the intrinsic functions in a value. Physical names are the ones the template sets
 * (`TableName`, `FunctionName`, `QueueName`); a role's ARN carries its logical id.
 */
function createResolver(resources: Record<string, Resource>, region: string): (value: unknown) => unknown {
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': region,
    'AWS::AccountId': TEMPLATE_ACCOUNT,
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': 'stack',
  };

  function physicalName(id: string): string {
    const resource = resources[id];
    if (resource === undefined) throw new Error(`Ref to ${id}, which the template does not declare`);
    const properties = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::DynamoDB::Table':
        return String(properties.TableName);
      case 'AWS::Lambda::Function':
        return String(properties.FunctionName);
      case 'AWS::SQS::Queue':
        return `https://sqs.${region}.amazonaws.com/${TEMPLATE_ACCOUNT}/${String(properties.QueueName)}`;
      default:
        // Names CloudFormation makes up (buckets, APIs): the logical id stands in for them.
        return id;
    }
  }

  function attribute(id: string, name: string): string {
    const resource = resources[id];
    if (resource === undefined) throw new Error(`Fn::GetAtt of ${id}, which the template does not declare`);
    const properties = resource.Properties ?? {};
    if (name !== 'Arn') throw new Error(`Fn::GetAtt ${id}.${name} is not resolved here`);
    switch (resource.Type) {
      case 'AWS::DynamoDB::Table':
        return `arn:aws:dynamodb:${region}:${TEMPLATE_ACCOUNT}:table/${String(properties.TableName)}`;
      case 'AWS::Lambda::Function':
        return lambdaArn(region, String(properties.FunctionName));
      case 'AWS::SQS::Queue':
        return `arn:aws:sqs:${region}:${TEMPLATE_ACCOUNT}:${String(properties.QueueName)}`;
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${TEMPLATE_ACCOUNT}:role/${id}`;
      default:
        throw new Error(`Fn::GetAtt ${id}.Arn of a ${resource.Type} is not resolved here`);
    }
  }

  function ref(name: string): string {
    return pseudo[name] ?? physicalName(name);
  }

  function substitute(text: string, variables: Record<string, unknown> = {}): string {
    return text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
      if (name in variables) return String(resolve(variables[name]));
      if (name.includes('.')) {
        const [id, attr] = name.split('.');
        return attribute(id!, attr!);
      }
      return ref(name);
    });
  }

  function resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [[key, argument]] = entries as [[string, unknown]];
      switch (key) {
        case 'Ref':
          return ref(String(argument));
        case 'Fn::GetAtt': {
          const [id, name] = Array.isArray(argument) ? argument : String(argument).split('.');
          return attribute(String(id), String(name));
        }
        case 'Fn::Sub':
          return Array.isArray(argument)
            ? substitute(String(argument[0]), argument[1] as Record<string, unknown>)
            : substitute(String(argument));
        case 'Fn::Join': {
          const [separator, parts] = argument as [string, unknown[]];
          return (resolve(parts) as unknown[]).map(String).join(separator);
        }
        case 'Fn::Split': {
          const [separator, text] = argument as [string, unknown];
          return String(resolve(text)).split(separator);
        }
        default:
          if (key.startsWith('Fn::')) throw new Error(`${key} is not resolved here`);
      }
    }
    return Object.fromEntries(entries.map(([key, inner]) => [key, resolve(inner)]));
  }

  return resolve;
}
