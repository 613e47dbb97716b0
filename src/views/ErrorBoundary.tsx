import { Component, type ReactNode } from 'react';

/** A view that throws shows a message and a retry button instead of blanking the page. */
export class ErrorBoundary extends Component<
  { children: ReactNode; label?: string },
  { error: Error | null }
> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="panel error-panel" role="alert" data-testid="view-error">
          <strong>{this.props.label ?? 'This view'} hit a problem:</strong> {this.state.error.message}
          <button onClick={() => this.setState({ error: null })}>Try again</button>
        </div>
      );
    }
    return this.props.children;
  }
}
