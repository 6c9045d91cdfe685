import type {
  DeveloperApiOperationId,
  developerApiRoutes,
  IntegrationApiOperationId,
  integrationApiRoutes,
} from '@omi-kit/schemas';
import type { z } from 'zod';

type DevRoute<K extends DeveloperApiOperationId> = (typeof developerApiRoutes)[K];

/** The path parameters of a Developer API operation, e.g. `{ memory_id: string }`. */
export type DeveloperParams<K extends DeveloperApiOperationId> =
  DevRoute<K> extends { pathParams: readonly (infer P extends string)[] } ? Record<P, string> : never;
/** Its query, typed from the route's query schema (what you may send). */
export type DeveloperQuery<K extends DeveloperApiOperationId> =
  DevRoute<K> extends { query: infer Q extends z.ZodType } ? z.input<Q> : never;
/** Its body, typed from the route's body schema. */
export type DeveloperBody<K extends DeveloperApiOperationId> =
  DevRoute<K> extends { body: infer B extends z.ZodType } ? z.input<B> : never;
/** What it answers, typed from the route's response schema (null for 204). */
export type DeveloperResult<K extends DeveloperApiOperationId> =
  DevRoute<K>['response'] extends infer R extends z.ZodType ? z.output<R> : null;

export interface DeveloperArgs<K extends DeveloperApiOperationId> {
  params?: DeveloperParams<K>;
  query?: DeveloperQuery<K>;
  body?: DeveloperBody<K>;
  /** A Firebase ID token, for the key-management routes (they refuse omi_dev_ keys). */
  idToken?: string;
}

type AppRoute<K extends IntegrationApiOperationId> = (typeof integrationApiRoutes)[K];

export type IntegrationQuery<K extends IntegrationApiOperationId> =
  AppRoute<K> extends { query: infer Q extends z.ZodType } ? z.input<Q> : never;
export type IntegrationBody<K extends IntegrationApiOperationId> =
  AppRoute<K> extends { body: infer B extends z.ZodType } ? z.input<B> : never;
export type IntegrationResult<K extends IntegrationApiOperationId> = z.output<AppRoute<K>['response']>;

export interface IntegrationArgs<K extends IntegrationApiOperationId> {
  query?: IntegrationQuery<K>;
  body?: IntegrationBody<K>;
}

/** A list query for `listAll`: `limit`/`offset` become `pageSize` and a starting `offset`. */
export type ListAllQuery<Q> = Omit<Q, 'limit' | 'offset'> & {
  /** Items per request; default and maximum are the most Omi serves per page. */
  pageSize?: number;
  /** Start here instead of at 0. */
  offset?: number;
};
