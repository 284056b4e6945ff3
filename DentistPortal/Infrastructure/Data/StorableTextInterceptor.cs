using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DentistPortal.Infrastructure.Data;

/// <summary>
/// Text as both databases can hold it (issue 12, the same product on both providers): PostgreSQL refuses U+0000 in
/// <c>text</c> (SQLSTATE 22021) and Npgsql's strict UTF-8 encoder refuses an unpaired surrogate, while SQLite stored the
/// first and silently turned the second into U+FFFD. So every string parameter of every command, on both providers, has
/// both replaced by U+FFFD before it reaches the database: a pasted NUL or half an emoji is stored and searched for alike
/// (it matches nothing stored) and never becomes a server error. Fields with a format (CPF, e-mail, codes) already refuse
/// such characters in their validators.
/// </summary>
public sealed class StorableTextInterceptor : DbCommandInterceptor
{
    public static readonly StorableTextInterceptor Instance = new();

    private StorableTextInterceptor() { }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Clean(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Clean(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Clean(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Clean(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Clean(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Clean(command);
        return ValueTask.FromResult(result);
    }

    private static void Clean(DbCommand command)
    {
        foreach (DbParameter parameter in command.Parameters)
        {
            switch (parameter.Value)
            {
                case string s when !IsStorable(s):
                    parameter.Value = Storable(s);
                    break;
                case string[] list when list.Any(s => s is not null && !IsStorable(s)):
                    parameter.Value = list.Select(s => s is null ? null! : Storable(s)).ToArray();
                    break;
                case List<string> list when list.Any(s => !IsStorable(s)):
                    parameter.Value = list.Select(Storable).ToList();
                    break;
            }
        }
    }

    /// <summary>True when <paramref name="text"/> has neither U+0000 nor an unpaired surrogate.</summary>
    public static bool IsStorable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0') return false;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(c)) return false;
        }
        return true;
    }

    /// <summary><paramref name="text"/> with U+0000 and every unpaired surrogate replaced by U+FFFD.</summary>
    public static string Storable(string text) =>
        IsStorable(text) ? text : Domain.Common.TextFolding.WellFormed(text).Replace('\0', '\uFFFD');
}
