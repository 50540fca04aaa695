import { ConflictException, Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { isUniqueViolation } from '../database/unique-violation';
import type { Prisma } from '../generated/prisma/client';
import type { RotationKind } from '../generated/prisma/enums';

export interface LayerDefinition {
  id: string;
  name: string;
  position: number;
  rotation: RotationKind;
  rotationHours: number | null;
  handoffTime: string;
  startDate: string;
  timeZone: string;
  participantIds: string[];
}

export interface ScheduleDefinition {
  id: string;
  name: string;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
  layers: LayerDefinition[];
}

export type LayerWrite = Omit<LayerDefinition, 'id' | 'position'>;

export interface ScheduleWrite {
  name?: string;
  description?: string | null;
  /** Replaces every layer when present. */
  layers?: LayerWrite[];
}

const DEFINITION_INCLUDE = {
  layers: { orderBy: { position: 'asc' }, include: { participants: { orderBy: { position: 'asc' }, select: { userId: true } } } },
} as const;

type ScheduleRow = Prisma.ScheduleGetPayload<{ include: typeof DEFINITION_INCLUDE }>;

function toDefinition(row: ScheduleRow): ScheduleDefinition {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    layers: row.layers.map(({ participants, scheduleId: _scheduleId, ...layer }) => ({
      ...layer,
      participantIds: participants.map((p) => p.userId),
    })),
  };
}

function layerCreates(layers: LayerWrite[]): Prisma.ScheduleLayerCreateWithoutScheduleInput[] {
  return layers.map(({ participantIds, ...layer }, position) => ({
    ...layer,
    position,
    participants: { create: participantIds.map((userId, turn) => ({ position: turn, user: { connect: { id: userId } } })) },
  }));
}

/** The schedules, schedule_layers and schedule_layer_participants tables. */
@Injectable()
export class SchedulesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Throws ConflictException when the name is taken. */
  async create(input: Required<ScheduleWrite>): Promise<ScheduleDefinition> {
    return this.uniqueName(input.name, async () =>
      toDefinition(
        await this.prisma.schedule.create({
          data: { name: input.name, description: input.description, layers: { create: layerCreates(input.layers) } },
          include: DEFINITION_INCLUDE,
        }),
      ),
    );
  }

  /** Null when there is no such schedule. Layers are replaced in the same transaction. */
  async update(id: string, input: ScheduleWrite): Promise<ScheduleDefinition | null> {
    return this.uniqueName(input.name, () =>
      this.prisma.$transaction(async (tx) => {
        const found = await tx.schedule.findUnique({ where: { id }, select: { id: true } });
        if (!found) return null;
        if (input.layers) await tx.scheduleLayer.deleteMany({ where: { scheduleId: id } });
        const row = await tx.schedule.update({
          where: { id },
          data: {
            name: input.name,
            description: input.description,
            // Bumps updated_at even when only layers change.
            updatedAt: new Date(),
            ...(input.layers ? { layers: { create: layerCreates(input.layers) } } : {}),
          },
          include: DEFINITION_INCLUDE,
        });
        return toDefinition(row);
      }),
    );
  }

  /** False when there was no such schedule; layers, overrides and feeds go with it (ON DELETE CASCADE). */
  async delete(id: string): Promise<boolean> {
    const { count } = await this.prisma.schedule.deleteMany({ where: { id } });
    return count > 0;
  }

  async list(): Promise<ScheduleDefinition[]> {
    return (await this.prisma.schedule.findMany({ orderBy: { name: 'asc' }, include: DEFINITION_INCLUDE })).map(toDefinition);
  }

  async findById(id: string): Promise<ScheduleDefinition | null> {
    const row = await this.prisma.schedule.findUnique({ where: { id }, include: DEFINITION_INCLUDE });
    return row ? toDefinition(row) : null;
  }

  /** Schedules where the user takes turns in a layer or has an override ending after `since`. */
  async listInvolving(userId: string, since: Date): Promise<ScheduleDefinition[]> {
    const rows = await this.prisma.schedule.findMany({
      where: {
        OR: [{ layers: { some: { participants: { some: { userId } } } } }, { overrides: { some: { userId, endsAt: { gt: since } } } }],
      },
      orderBy: { name: 'asc' },
      include: DEFINITION_INCLUDE,
    });
    return rows.map(toDefinition);
  }

  private async uniqueName<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(`A schedule named ${name} already exists`);
      throw error;
    }
  }
}
