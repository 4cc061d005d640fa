/** Errors that only exist at the HTTP edge (the domain never raises these). */

export class PayloadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The request body is larger than ${maxBytes} bytes.`);
    this.name = 'PayloadTooLargeError';
  }
}

export class UnsupportedMediaTypeError extends Error {
  constructor(message = 'The request body must be JSON (Content-Type: application/json).') {
    super(message);
    this.name = 'UnsupportedMediaTypeError';
  }
}

export class MethodNotAllowedError extends Error {
  constructor(readonly allowedMethods: readonly string[]) {
    super(`This resource allows ${allowedMethods.join(', ')}.`);
    this.name = 'MethodNotAllowedError';
  }
}

export class RouteNotFoundError extends Error {
  constructor(path: string) {
    super(`No route matches ${path}.`);
    this.name = 'RouteNotFoundError';
  }
}
