using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DentistPortal.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class TokenEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DevMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    HtmlBody = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAtUtc = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DevMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TokenAttempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TreatmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    TokenId = table.Column<int>(type: "INTEGER", nullable: true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AtUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Via = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TokenAttempts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Treatments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    BeneficiaryId = table.Column<int>(type: "INTEGER", nullable: false),
                    DentistUserId = table.Column<string>(type: "TEXT", nullable: false),
                    ClinicId = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    SubmittedAtUtc = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    WrongCodeCount = table.Column<int>(type: "INTEGER", nullable: false),
                    LastTokenSequence = table.Column<int>(type: "INTEGER", nullable: false),
                    MissingTokenReason = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    ValidatedAtUtc = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Treatments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Treatments_AspNetUsers_DentistUserId",
                        column: x => x.DentistUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Treatments_Beneficiaries_BeneficiaryId",
                        column: x => x.BeneficiaryId,
                        principalTable: "Beneficiaries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Treatments_Clinics_ClinicId",
                        column: x => x.ClinicId,
                        principalTable: "Clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "UnsolicitedReports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TokenId = table.Column<int>(type: "INTEGER", nullable: false),
                    TreatmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    ClinicId = table.Column<int>(type: "INTEGER", nullable: false),
                    DentistUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReportedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReportedVia = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AtUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnsolicitedReports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Tokens",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TreatmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    CodeHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    EncryptedCode = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAtUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAtUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    WrongAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    EndedAtUtc = table.Column<long>(type: "INTEGER", nullable: true),
                    ValidatedVia = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ValidatedByUserId = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedByUserId = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Tokens_Treatments_TreatmentId",
                        column: x => x.TreatmentId,
                        principalTable: "Treatments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TreatmentItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TreatmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    TussCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Tooth = table.Column<int>(type: "INTEGER", nullable: true),
                    Region = table.Column<string>(type: "TEXT", maxLength: 4, nullable: true),
                    Faces = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    Authorization = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    DecidedAtUtc = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TreatmentItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TreatmentItems_Procedures_TussCode",
                        column: x => x.TussCode,
                        principalTable: "Procedures",
                        principalColumn: "TussCode",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TreatmentItems_Treatments_TreatmentId",
                        column: x => x.TreatmentId,
                        principalTable: "Treatments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Deliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TokenId = table.Column<int>(type: "INTEGER", nullable: false),
                    TreatmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    BeneficiaryId = table.Column<int>(type: "INTEGER", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Destination = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    MaskedDestination = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    ThroughHolder = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    NextAttemptAtUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LeaseUntilUtc = table.Column<long>(type: "INTEGER", nullable: true),
                    SentAtUtc = table.Column<long>(type: "INTEGER", nullable: true),
                    ProviderMessageId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Deliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Deliveries_Tokens_TokenId",
                        column: x => x.TokenId,
                        principalTable: "Tokens",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_BeneficiaryId_Channel_CreatedAtUtc",
                table: "Deliveries",
                columns: new[] { "BeneficiaryId", "Channel", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_Status_NextAttemptAtUtc",
                table: "Deliveries",
                columns: new[] { "Status", "NextAttemptAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_TokenId",
                table: "Deliveries",
                column: "TokenId");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_TreatmentId",
                table: "Deliveries",
                column: "TreatmentId");

            migrationBuilder.CreateIndex(
                name: "IX_DevMessages_CreatedAtUtc",
                table: "DevMessages",
                column: "CreatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_TokenAttempts_TreatmentId",
                table: "TokenAttempts",
                column: "TreatmentId");

            migrationBuilder.CreateIndex(
                name: "IX_TokenAttempts_UserId_AtUtc",
                table: "TokenAttempts",
                columns: new[] { "UserId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Tokens_OneActivePerTreatment",
                table: "Tokens",
                column: "TreatmentId",
                unique: true,
                filter: "\"Status\" = 'Active'");

            migrationBuilder.CreateIndex(
                name: "IX_Tokens_Status_ExpiresAtUtc",
                table: "Tokens",
                columns: new[] { "Status", "ExpiresAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Tokens_TreatmentId_Sequence",
                table: "Tokens",
                columns: new[] { "TreatmentId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TreatmentItems_TreatmentId",
                table: "TreatmentItems",
                column: "TreatmentId");

            migrationBuilder.CreateIndex(
                name: "IX_TreatmentItems_TussCode_Authorization",
                table: "TreatmentItems",
                columns: new[] { "TussCode", "Authorization" });

            migrationBuilder.CreateIndex(
                name: "IX_Treatments_BeneficiaryId",
                table: "Treatments",
                column: "BeneficiaryId");

            migrationBuilder.CreateIndex(
                name: "IX_Treatments_ClinicId_Status",
                table: "Treatments",
                columns: new[] { "ClinicId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Treatments_DentistUserId",
                table: "Treatments",
                column: "DentistUserId");

            migrationBuilder.CreateIndex(
                name: "IX_Treatments_Number",
                table: "Treatments",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UnsolicitedReports_Status_AtUtc",
                table: "UnsolicitedReports",
                columns: new[] { "Status", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_UnsolicitedReports_TokenId",
                table: "UnsolicitedReports",
                column: "TokenId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Deliveries");

            migrationBuilder.DropTable(
                name: "DevMessages");

            migrationBuilder.DropTable(
                name: "TokenAttempts");

            migrationBuilder.DropTable(
                name: "TreatmentItems");

            migrationBuilder.DropTable(
                name: "UnsolicitedReports");

            migrationBuilder.DropTable(
                name: "Tokens");

            migrationBuilder.DropTable(
                name: "Treatments");
        }
    }
}
