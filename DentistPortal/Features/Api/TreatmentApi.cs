using DentistPortal.Features.Common;
using DentistPortal.Features.Contingency;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Pdf;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Api;

/// <summary>The opened treatment and the decision on each procedure (AR-1).</summary>
public sealed record ApiTratamentoCriado(int Id, string Numero, IReadOnlyList<ApiDecisao> Itens);

/// <summary>The decision on one procedure: <c>autorizacao</c> = autorizado | negado | em_analise.</summary>
public sealed record ApiDecisao(string CodigoTuss, string Descricao, string Autorizacao, string? Motivo);

/// <summary>Treatments: open and submit, read, register a contingency reason, download the guide PDF.</summary>
internal static class TreatmentApi
{
    public static RouteGroupBuilder MapTreatmentApi(this RouteGroupBuilder api)
    {
        api.MapPost("/treatments", CreateAsync)
            .WithName("AbrirTratamento")
            .WithMetadata(ApiOpenApi.IdempotentOperation.Instance)
            .WithTags("Tratamentos")
            .WithSummary("Abre o tratamento e envia para autorização")
            .WithDescription("Como \"Enviar para autorização\" na tela do dentista: cria o tratamento e decide cada procedimento (autorizado, negado com motivo, " +
                "ou em análise pela auditoria) numa só operação. `beneficiario` é a `referencia` da busca (GET /api/v1/beneficiaries) feita por esta chave hoje. " +
                "`dentista` (CRO e UF) deve ser dentista ativo desta clínica. Aceita o cabeçalho Idempotency-Key: repetir a chamada com a mesma chave " +
                "devolve o mesmo tratamento, sem abrir outro.")
            .Accepts<ApiNovoTratamento>("application/json")
            .Produces<ApiTratamentoCriado>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/treatments/{id:int}", async (int id, HttpContext http, GetTreatmentHandler treatments, CancellationToken ct) =>
            {
                var result = await treatments.HandleAsync(new GetTreatmentQuery(TreatmentId: id), ApiResults.ActorOf(http), ct);
                return result.IsOk ? Results.Ok(ApiWords.Treatment(result.Value!)) : ApiResults.Refusal(result, onTreatment: true);
            })
            .WithName("ConsultarTratamento")
            .WithTags("Tratamentos")
            .WithSummary("Situação do tratamento, autorizações e token atual")
            .WithDescription("Situação, procedimentos com autorização e motivo, o token mais recente (situação, validade, tentativas restantes, entregas " +
                "com destino mascarado; nunca o código) e se ele precisa ser reemitido. Tratamento de outra clínica: 404.")
            .Produces<ApiTratamento>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/treatments/{id:int}/contingency", ContingencyAsync)
            .WithName("RegistrarContingencia")
            .WithTags("Tratamentos")
            .WithSummary("Registra o motivo da contingência (guia de tratamento em papel)")
            .WithDescription("Como \"Imprimir guia de tratamento\": registra o motivo da tabela TUSS 74 (02, 03, 04, 07 ou \"nao-gerou\" = 03 com a observação " +
                "\"Dentista não conseguiu gerar o token\"), uma vez; repetir com o mesmo motivo não registra de novo. Se o paciente já recebeu um token ativo, " +
                "responde 409 `contingencia.confirmacao_necessaria` até que `confirmarTokenEntregue` seja true. Depois, a guia em PDF fica em .../guide.pdf.")
            .Accepts<ApiContingencia>("application/json")
            .Produces<ApiContingenciaRegistrada>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/treatments/{id:int}/guide.pdf", GuideAsync)
            .WithName("BaixarGuiaPdf")
            .WithTags("Tratamentos")
            .WithSummary("Guia de tratamento odontológico (PDF)")
            .WithDescription("A guia A4 para assinatura, disponível depois de registrado o motivo da contingência (POST .../contingency); antes disso, 409 " +
                "`guia.sem_contingencia`.")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .WithMetadata(new ApiOpenApi.FileResponse("application/pdf", "A guia de tratamento odontológico (PDF A4) para assinatura."))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<IResult> CreateAsync(ApiNovoTratamento body, HttpContext http, CreateAndSubmitTreatmentHandler handler,
        IValidator<CreateTreatmentCommand> validator, CancellationToken ct)
    {
        if (!ApiResults.TryIdempotencyKey(http, out var key, out var badKey)) return badKey!;
        var items = (body.Itens ?? []).Select(i => new TreatmentItemInput(i?.CodigoTuss, i?.Dente, i?.Regiao, i?.Faces, i?.Quantidade ?? 1)).ToList();
        var dentist = new DentistReference(body.Dentista?.Cro, body.Dentista?.Uf);
        var command = new CreateTreatmentCommand(body.Beneficiario, items, dentist);

        // The handler's own validator, run first for a field-by-field answer; the handler validates again.
        var errors = (await validator.ValidateAsync(command, ct)).ToDictionary();
        if (string.IsNullOrWhiteSpace(dentist.Cro) || string.IsNullOrWhiteSpace(dentist.Uf))
            errors["dentista"] = ["Informe o dentista que atende: CRO e UF (por exemplo { \"cro\": \"98765\", \"uf\": \"SP\" })."];
        if (errors.Count > 0) return ApiResults.Invalid(errors);

        var result = await handler.HandleAsync(new CreateAndSubmitTreatmentCommand(body.Beneficiario, items, key, dentist), ApiResults.ActorOf(http), ct);
        if (result.IsOk)
        {
            var t = result.Value!;
            return Results.Created($"{ApiEndpoints.Prefix}/treatments/{t.Id}",
                new ApiTratamentoCriado(t.Id, t.Number, [.. t.Decisions.Select(d => new ApiDecisao(d.TussCode, d.Description, ApiWords.Of(d.Authorization), d.Reason))]));
        }
        return result.Status switch
        {
            ResultStatus.NotFound => ApiResults.Problem(StatusCodes.Status404NotFound, "beneficiario.nao_encontrado", "Beneficiário não encontrado",
                "Referência de beneficiário desconhecida ou vencida: faça a busca (GET /api/v1/beneficiaries) de novo e use a referência devolvida."),
            ResultStatus.Invalid when result.Errors.Contains(CreateTreatmentHandler.DentistNotMemberMessage) =>
                ApiResults.Problem(StatusCodes.Status422UnprocessableEntity, "dentista.nao_membro", "Dentista não pertence à clínica", ApiResults.Detail(result)),
            _ => ApiResults.Refusal(result, onTreatment: false),
        };
    }

    private static async Task<IResult> ContingencyAsync(int id, ApiContingencia body, HttpContext http, RecordContingencyHandler handler,
        IDbContextFactory<AppDbContext> dbFactory, CancellationToken ct)
    {
        var choice = ContingencyReasonChoices.All.FirstOrDefault(c => c.Key == body.Motivo);
        if (choice is null)
            return ApiResults.Invalid("motivo", "Escolha o motivo da contingência (tabela TUSS 74): 02, 03, 04, 07 ou nao-gerou.");
        var note = choice.Note ?? (string.IsNullOrWhiteSpace(body.Observacao) ? null : body.Observacao.Trim());
        if (note is { Length: > RecordContingencyCommand.MaxNoteLength })
            return ApiResults.Invalid("observacao", $"Observação muito longa (máximo {RecordContingencyCommand.MaxNoteLength} caracteres).");
        if (await ApiResults.TreatmentNumberAsync(dbFactory, id, ct) is not { } number) return ApiResults.TreatmentNotFound();

        var result = await handler.HandleAsync(new RecordContingencyCommand(number, choice.Code, note, body.ConfirmarTokenEntregue == true), ApiResults.ActorOf(http), ct);
        if (!result.IsOk) return ApiResults.Refusal(result, onTreatment: true);
        if (result.Value!.NeedsConfirmation)
            return ApiResults.Problem(StatusCodes.Status409Conflict, "contingencia.confirmacao_necessaria", "Confirmação necessária",
                result.Value.ConfirmationNeeded + " Para registrar mesmo assim, envie confirmarTokenEntregue: true.");
        return Results.Ok(new ApiContingenciaRegistrada(choice.Code, ContingencyReasonChoices.Display(choice.Code, note), $"{ApiEndpoints.Prefix}/treatments/{id}/guide.pdf"));
    }

    private static async Task<IResult> GuideAsync(int id, HttpContext http, GetGuideHandler guides, IGuidePdfRenderer pdf, IDbContextFactory<AppDbContext> dbFactory, CancellationToken ct)
    {
        if (await ApiResults.TreatmentNumberAsync(dbFactory, id, ct) is not { } number) return ApiResults.TreatmentNotFound();
        var result = await guides.HandleAsync(number, ApiResults.ActorOf(http), ct);
        if (!result.IsOk) return ApiResults.Refusal(result, onTreatment: true);
        if (result.Value!.ContingencyReason is null)
            return ApiResults.Problem(StatusCodes.Status409Conflict, "guia.sem_contingencia", "Guia indisponível",
                "Registre antes o motivo da contingência (POST /api/v1/treatments/{id}/contingency).");
        return Results.File(pdf.Render(result.Value), "application/pdf", $"guia-tratamento-{number}.pdf");
    }
}
