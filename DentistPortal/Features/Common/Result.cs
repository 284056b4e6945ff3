namespace DentistPortal.Features.Common;

public enum ResultStatus
{
    Ok,
    Invalid,
    NotFound,
    Forbidden,
}

/// <summary>What a handler answers: a value, or why not, in words a user can read (pt-BR).</summary>
public sealed record Result<T>(ResultStatus Status, T? Value, IReadOnlyList<string> Errors)
{
    public bool IsOk => Status == ResultStatus.Ok;

    public static Result<T> Ok(T value) => new(ResultStatus.Ok, value, []);
    public static Result<T> Invalid(IEnumerable<string> errors) => new(ResultStatus.Invalid, default, errors.ToList());
    public static Result<T> Invalid(string error) => new(ResultStatus.Invalid, default, [error]);
    public static Result<T> NotFound(string message) => new(ResultStatus.NotFound, default, [message]);
    public static Result<T> Forbidden() => new(ResultStatus.Forbidden, default, [ForbiddenMessage]);

    public const string ForbiddenMessage = "Você não tem permissão para esta ação.";
}
