using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DentistPortal.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class I9_Reach_LookupGrantsContactFlag : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CallerPhoneMatched",
                table: "UnsolicitedReports",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ContactFlaggedAtUtc",
                table: "Beneficiaries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "LookupGrants",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ClinicId = table.Column<int>(type: "INTEGER", nullable: false),
                    BeneficiaryId = table.Column<int>(type: "INTEGER", nullable: false),
                    GrantedAtUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAtUtc = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LookupGrants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LookupGrants_Beneficiaries_BeneficiaryId",
                        column: x => x.BeneficiaryId,
                        principalTable: "Beneficiaries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LookupGrants_Clinics_ClinicId",
                        column: x => x.ClinicId,
                        principalTable: "Clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LookupGrants_BeneficiaryId",
                table: "LookupGrants",
                column: "BeneficiaryId");

            migrationBuilder.CreateIndex(
                name: "IX_LookupGrants_ClinicId",
                table: "LookupGrants",
                column: "ClinicId");

            migrationBuilder.CreateIndex(
                name: "IX_LookupGrants_Reference",
                table: "LookupGrants",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LookupGrants_UserId_ClinicId_BeneficiaryId",
                table: "LookupGrants",
                columns: new[] { "UserId", "ClinicId", "BeneficiaryId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LookupGrants");

            migrationBuilder.DropColumn(
                name: "CallerPhoneMatched",
                table: "UnsolicitedReports");

            migrationBuilder.DropColumn(
                name: "ContactFlaggedAtUtc",
                table: "Beneficiaries");
        }
    }
}
