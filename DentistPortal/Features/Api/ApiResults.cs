using System.Security.Cryptography;
using System.Text;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Api;

/// <summary>
/// How the clinic API answers (issue 11): RFC 7807 problems with a pt-BR title/detail and a stable <c>code</c>, the
/// handlers' <see cref="Result{T}"/> mapped to HTTP, the caller (the credential's integration user) and the
/// <c>Idempotency-Key</c> header.
/// </summary>
internal static class ApiResults
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static Actor? ActorOf(HttpContext http) => Actor.FromPrincipal(http.User);

    public static IResult Problem(int status, string code, string title, string? detail, IDictionary<string, object?>? extensions = null) =>
        Results.Json(ApiProblem.Body(status, code, title, detail, extensions), (System.Text.Json.JsonSerializerOptions?)null, ApiProblem.ContentType, status);

    public static IResult TreatmentNotFound() =>
        Problem(StatusCodes.Status404NotFound, "tratamento.nao_encontrado", "Tratamento não encontrado", "Tratamento não encontrado.");

    /// <summary>400 <c>entrada.invalida</c> with an <c>errors</c> map (field → pt-BR messages), field names as the API spells them.</summary>
    public static IResult Invalid(IDictionary<string, string[]> errors) =>
        Problem(StatusCodes.Status400BadRequest, "entrada.invalida", "Entrada inválida", string.Join(" ", errors.Values.SelectMany(v => v).Distinct()),
            new Dictionary<string, object?> { ["errors"] = errors.ToDictionary(e => ApiField(e.Key), e => e.Value) });

    public static IResult Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>
    /// A refusal of a handler. On a treatment (<paramref name="onTreatment"/>), not found and not allowed are the same
    /// 404 (another clinic's treatment is never revealed); a state refusal is 422 <c>operacao.recusada</c>.
    /// </summary>
    public static IResult Refusal<T>(Result<T> result, bool onTreatment) => result.Status switch
    {
        ResultStatus.NotFound or ResultStatus.Forbidden when onTreatment => TreatmentNotFound(),
        ResultStatus.NotFound => Problem(StatusCodes.Status404NotFound, "recurso.nao_encontrado", "Não encontrado", Detail(result)),
        ResultStatus.Forbidden => Problem(StatusCodes.Status403Forbidden, "acesso.negado", "Acesso negado", Detail(result)),
        _ => Problem(StatusCodes.Status422UnprocessableEntity, "operacao.recusada", "Operação recusada", Detail(result)),
    };

    public static string Detail<T>(Result<T> result) => string.Join(" ", result.Errors);

    /// <summary>
    /// The <c>Idempotency-Key</c> header as the key of <see cref="IdempotentAction"/>: a UUID as is, any other text
    /// (1–200 visible ASCII characters) by its SHA-256. Keys are per credential (its integration user). Null without the header.
    /// </summary>
    public static bool TryIdempotencyKey(HttpContext http, out Guid? key, out IResult? problem)
    {
        key = null;
        problem = null;
        var raw = http.Request.Headers[IdempotencyHeader].ToString();
        if (raw.Length == 0) return true;
        if (raw.Length > 200 || raw.Any(c => c is < '!' or > '~'))
        {
            problem = Invalid(IdempotencyHeader, "Idempotency-Key deve ter de 1 a 200 caracteres visíveis (ASCII), por exemplo um UUID.");
            return false;
        }
        key = Guid.TryParse(raw, out var g) ? g : new Guid(SHA256.HashData(Encoding.ASCII.GetBytes(raw)).AsSpan(0, 16));
        return true;
    }

    /// <summary>The number of a treatment by id, for the handlers that take the number; they check the access themselves.</summary>
    public static async Task<string?> TreatmentNumberAsync(IDbContextFactory<AppDbContext> dbFactory, int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Treatments.AsNoTracking().Where(t => t.Id == id).Select(t => t.Number).FirstOrDefaultAsync(ct);
    }

    private static readonly (string From, string To)[] Fields =
    [
        ("BeneficiaryReference", "beneficiario"), ("Items", "itens"), ("TussCode", "codigoTuss"), ("Tooth", "dente"), ("Region", "regiao"),
        ("Faces", "faces"), ("Quantity", "quantidade"), ("Term", "carteirinha"), ("Code", "codigo"),
    ];

    /// <summary>The command's property path (<c>Items[0].TussCode</c>) in the API's names (<c>itens[0].codigoTuss</c>).</summary>
    private static string ApiField(string path)
    {
        foreach (var (from, to) in Fields) path = path.Replace(from, to, StringComparison.Ordinal);
        return path.Length == 0 ? "geral" : path;
    }
}
