/**
 * What a value becomes once it has been through JSON (a route's answer, a server action's result): a Date is its
 * ISO string, anything with toJSON is what that returns. Client types are this of the server's presenters, so the
 * two cannot drift apart. Types only: nothing here reaches a bundle.
 */
export type Json<T> = unknown extends T
  ? unknown
  : T extends { toJSON(): infer R }
    ? Json<R>
    : T extends string | number | boolean | null | undefined
      ? T
      : T extends readonly unknown[]
        ? { [K in keyof T]: Json<T[K]> }
        : T extends (...args: never[]) => unknown
          ? never
          : { [K in keyof T]: Json<T[K]> };
