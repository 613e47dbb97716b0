import { useState } from 'react';
import { download } from './exportFile';

/** PNG and/or CSV download buttons for a chart, grid or canvas (the helpers are in exportFile.ts). */
export function ExportButtons(props: {
  name: string;
  /** What is exported, for the buttons' accessible names ("loss chart"). */
  label: string;
  png?: () => Promise<Blob>;
  csv?: () => string;
  testId?: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const run = async (ext: string, make: () => Promise<Blob>) => {
    try {
      setError(null);
      download(`${props.name}.${ext}`, await make());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const { png, csv } = props;
  return (
    <span className="export-buttons" data-testid={props.testId}>
      {png && (
        <button
          type="button"
          onClick={() => run('png', png)}
          aria-label={`Save the ${props.label} as PNG`}
          data-testid={props.testId ? `${props.testId}-png` : undefined}
        >
          PNG
        </button>
      )}
      {csv && (
        <button
          type="button"
          onClick={() => run('csv', async () => new Blob([csv()], { type: 'text/csv' }))}
          aria-label={`Save the ${props.label} as CSV`}
          data-testid={props.testId ? `${props.testId}-csv` : undefined}
        >
          CSV
        </button>
      )}
      {error && (
        <span className="small field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
