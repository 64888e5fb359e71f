import type { ReactNode } from 'react';

interface ErrorMessageProps {
  title: string;
  children?: ReactNode;
  /** Links or buttons that offer a way on. */
  actions?: ReactNode;
}

/** The one shape of every error and not-found page: a focusable heading, a plain explanation, a way on. */
export function ErrorMessage({ title, children, actions }: ErrorMessageProps) {
  return (
    <div className="error-message">
      <h1 tabIndex={-1}>{title}</h1>
      {children}
      {actions ? <div className="error-actions">{actions}</div> : null}
    </div>
  );
}
