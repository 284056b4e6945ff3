using System.Collections.Concurrent;
using DentistPortal.Infrastructure.Security;
using Microsoft.Extensions.Logging;

namespace DentistPortal.Tests.Infrastructure;

/// <summary>Forces known codes for tests; falls back to the real CSPRNG generator.</summary>
public sealed class ForcedCodeGenerator : ITokenCodeGenerator
{
    private readonly ConcurrentQueue<string> queue = new();
    private readonly RandomTokenCodeGenerator real = new();

    public void Enqueue(params string[] codes)
    {
        foreach (var c in codes) queue.Enqueue(c);
    }

    public string Next() => queue.TryDequeue(out var c) ? c : real.Next();
}

/// <summary>
/// Validation references (TISS codValidacao, issue 11) for tests: the queued ones first, then a deterministic sequence
/// "TST0000001", "TST0000002"… (never six digits, so never a token code).
/// </summary>
public sealed class ForcedValidationReferences : IValidationReferenceGenerator
{
    private readonly ConcurrentQueue<string> queue = new();
    private int next;

    public void Enqueue(params string[] references)
    {
        foreach (var r in references) queue.Enqueue(r);
    }

    public string Next() => queue.TryDequeue(out var r) ? r : $"TST{Interlocked.Increment(ref next):D7}";
}

/// <summary>Keeps every formatted log line (and exception text) written through ILogger.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyCollection<string> Lines => lines;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, lines);

    public void Dispose() { }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
